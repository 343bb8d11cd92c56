package com.qrrouter.router.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * An embedded MQTT broker (Moquette, MQTT 3.1.1) on a loopback port, in memory. MQTT 5 properties of a publish are
 * not carried by it: {@link IotDataPlaneEndpoint} records them from the HTTP request instead.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final String PUBLISHER_ID = "iot-data-plane";

    private final Server server;
    private final int port;

    private EmbeddedMqttBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedMqttBroker start() {
        int port = FreePort.find();
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", String.valueOf(port));
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("netty.mqtt.message_size", String.valueOf(256 * 1024));
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(properties));
        } catch (IOException e) {
            throw new UncheckedIOException("MQTT broker did not start on port " + port, e);
        }
        return new EmbeddedMqttBroker(server, port);
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
