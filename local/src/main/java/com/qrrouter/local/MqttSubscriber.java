package com.qrrouter.local;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device-side MQTT 5 subscriber (HiveMQ MQTT client, QoS 1) that collects what it receives, with the MQTT 5
 * properties of each message. It behaves as a device that stays subscribed: a persistent session (clean start false,
 * session expiry one hour, as AWS IoT Core's default), so the broker queues QoS 1 messages while it is disconnected,
 * and automatic reconnection (first try after 100 ms, then up to every second) with the same client id, resubscribing
 * if the broker lost the session. On {@link #close()} it ends its session (DISCONNECT with session expiry 0), so the
 * broker keeps nothing for it.
 */
public final class MqttSubscriber implements AutoCloseable {

    /** One received message, with its MQTT 5 properties ({@link Mqtt5Properties#none()} if it had none). */
    public record Received(String topic, byte[] payload, int qos, Mqtt5Properties properties) {}

    private static final Duration RECONNECT_INITIAL_DELAY = Duration.ofMillis(100);
    private static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(1);
    private static final Duration SESSION_EXPIRY = Duration.ofHours(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final Mqtt5AsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile CompletableFuture<Void> reconnectionGate;

    private MqttSubscriber(String clientId, int port) {
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .automaticReconnect()
                .initialDelay(RECONNECT_INITIAL_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(RECONNECT_MAX_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> connects.incrementAndGet())
                .addDisconnectedListener(context -> {
                    CompletableFuture<Void> gate = reconnectionGate;
                    if (gate != null && context.getReconnector().isReconnect()) {
                        // With a callback: the client goes on on its event loop, where it must (it would not
                        // reconnect if the gate completed it on the releasing thread).
                        context.getReconnector().reconnectWhen(gate, (ignored, error) -> {});
                    }
                })
                .buildAsync();
        // Every publish the client gets, also those the broker sends from the session's queue right after a
        // reconnect, before any subscription of this connection exists.
        client.publishes(MqttGlobalPublishFilter.ALL, this::accept);
    }

    /** Connects to the broker and subscribes to {@code topicFilter} with QoS 1. */
    public static MqttSubscriber subscribe(EmbeddedMqttBroker broker, String topicFilter) {
        return subscribe(broker.port(), topicFilter);
    }

    /** Connects to the MQTT broker on {@code 127.0.0.1:port} and subscribes to {@code topicFilter} with QoS 1. */
    public static MqttSubscriber subscribe(int port, String topicFilter) {
        MqttSubscriber subscriber = new MqttSubscriber("device-" + UUID.randomUUID(), port);
        subscriber
                .client
                .connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(SESSION_EXPIRY.toSeconds())
                .send()
                .join();
        subscriber
                .client
                .subscribeWith()
                .topicFilter(topicFilter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .join();
        return subscriber;
    }

    private void accept(Mqtt5Publish publish) {
        received.add(new Received(
                publish.getTopic().toString(),
                publish.getPayloadAsBytes(),
                publish.getQos().getCode(),
                properties(publish)));
    }

    private static Mqtt5Properties properties(Mqtt5Publish publish) {
        Mqtt5Properties.Builder properties = Mqtt5Properties.builder();
        publish.getContentType().ifPresent(type -> properties.contentType(type.toString()));
        publish.getCorrelationData().ifPresent(data -> properties.correlationData(bytes(data)));
        for (Mqtt5UserProperty property : publish.getUserProperties().asList()) {
            properties.userProperty(
                    property.getName().toString(), property.getValue().toString());
        }
        publish.getPayloadFormatIndicator()
                .ifPresent(format -> properties.payloadFormat(
                        format == Mqtt5PayloadFormatIndicator.UTF_8
                                ? Mqtt5Properties.PayloadFormat.UTF_8
                                : Mqtt5Properties.PayloadFormat.UNSPECIFIED));
        publish.getMessageExpiryInterval().ifPresent(properties::messageExpiryInterval);
        return properties.build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    public List<Received> received() {
        return received;
    }

    /** Whether it is connected now (not between a broker restart and its reconnection). */
    public boolean isConnected() {
        return client.getState() == MqttClientState.CONNECTED;
    }

    /** Successful connections so far: 1 after {@code subscribe}, one more after each reconnection. */
    public int connects() {
        return connects.get();
    }

    /**
     * From now on, a lost connection is not tried again until {@link #releaseReconnection()}: a device that is slow to
     * come back, so that a test can publish while the broker runs and the device is away (its session queues).
     */
    public void holdReconnection() {
        reconnectionGate = new CompletableFuture<>();
    }

    /** Lets a held reconnection go ahead (after the usual delay), and reconnects as usual from then on. */
    public void releaseReconnection() {
        CompletableFuture<Void> gate = reconnectionGate;
        reconnectionGate = null;
        if (gate != null) {
            gate.complete(null);
        }
    }

    /**
     * Disconnects as a device that goes offline: its session stays with the broker (session expiry one hour), so QoS 1
     * messages for it are queued until they expire, and it does not reconnect until {@link #comeBack()}.
     */
    public void goOffline() {
        client.disconnect()
                .orTimeout(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    /**
     * Reconnects after {@link #goOffline()} with the same client id and its session (clean start false): the broker
     * sends what it queued for it and has not expired.
     */
    public void comeBack() {
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(SESSION_EXPIRY.toSeconds())
                .send()
                .join();
    }

    /**
     * Disconnects and ends its session (session expiry 0: the broker drops its subscription and queues nothing for it);
     * nothing is received afterwards. Between two reconnection tries it only stops trying: the broker keeps the
     * session until it expires.
     */
    @Override
    public void close() {
        // Also stops the automatic reconnection of a client that is between tries.
        client.disconnectWith()
                .sessionExpiryInterval(0)
                .send()
                .orTimeout(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(ignored -> null)
                .join();
    }
}
