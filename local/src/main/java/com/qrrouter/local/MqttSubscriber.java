package com.qrrouter.local;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device-side MQTT subscriber (HiveMQ client, MQTT 3.1.1, QoS 1) that collects what it receives. It behaves as a
 * device that stays subscribed: a persistent session (clean session false), so the broker queues QoS 1 messages while
 * it is disconnected, and automatic reconnection (first try after 100 ms, then up to every second) with the same
 * client id, resubscribing if the broker lost the session. On {@link #close()} it unsubscribes first, so the broker
 * queues nothing for the session it leaves behind.
 */
public final class MqttSubscriber implements AutoCloseable {

    /** One received message. */
    public record Received(String topic, byte[] payload, int qos) {}

    private static final Duration RECONNECT_INITIAL_DELAY = Duration.ofMillis(100);
    private static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final Mqtt3AsyncClient client;
    private final String topicFilter;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();

    private MqttSubscriber(String clientId, int port, String topicFilter) {
        this.topicFilter = topicFilter;
        this.client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .automaticReconnect()
                .initialDelay(RECONNECT_INITIAL_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(RECONNECT_MAX_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> connects.incrementAndGet())
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
        MqttSubscriber subscriber = new MqttSubscriber("device-" + UUID.randomUUID(), port, topicFilter);
        subscriber.client.connectWith().cleanSession(false).send().join();
        subscriber
                .client
                .subscribeWith()
                .topicFilter(topicFilter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .join();
        return subscriber;
    }

    private void accept(Mqtt3Publish publish) {
        received.add(new Received(
                publish.getTopic().toString(),
                publish.getPayloadAsBytes(),
                publish.getQos().getCode()));
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
     * Unsubscribes (so that its persistent session, left behind, queues nothing) and disconnects; nothing is received
     * afterwards.
     */
    @Override
    public void close() {
        if (client.getState().isConnected()) {
            try {
                client.unsubscribeWith()
                        .topicFilter(topicFilter)
                        .send()
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The connection was lost meanwhile: the broker keeps the subscription until the session expires.
            }
        }
        // Also stops the automatic reconnection of a client that is between tries.
        client.disconnect().exceptionally(ignored -> null).join();
    }
}
