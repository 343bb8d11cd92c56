package com.qrrouter.local;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * An embedded MQTT broker (Moquette, MQTT 3.1.1) on a loopback port, in memory, anonymous clients allowed. MQTT 5
 * properties of a publish are not carried by it: {@link IotDataPlaneEndpoint} records them from the HTTP request
 * instead.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final String PUBLISHER_ID = "iot-data-plane";

    private final Server server;
    private final int port;

    private EmbeddedMqttBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the broker on a free loopback port. */
    public static EmbeddedMqttBroker start() {
        return start(0);
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port}.
     *
     * @param port the port, or {@code 0} for a free one
     */
    public static EmbeddedMqttBroker start(int port) {
        int chosen = FreePort.orFree(port);
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", String.valueOf(chosen));
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("netty.mqtt.message_size", String.valueOf(256 * 1024));
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(properties));
        } catch (IOException e) {
            throw new UncheckedIOException("MQTT broker did not start on port " + chosen, e);
        }
        return new EmbeddedMqttBroker(server, chosen);
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:port}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Publishes to subscribers of {@code topic} with QoS 1, as AWS IoT Core would after an {@code iot:Publish}. */
    public void publish(String topic, byte[] payload) {
        server.internalPublish(
                MqttMessageBuilders.publish()
                        .topicName(topic)
                        .qos(MqttQoS.AT_LEAST_ONCE)
                        .retained(false)
                        .payload(Unpooled.wrappedBuffer(payload))
                        .build(),
                PUBLISHER_ID);
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
