package com.qrrouter.local.benchmark;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The device: subscribed with QoS 1 to the seed route's topic before anything is posted, it hands each message's body
 * and its arrival time ({@link System#nanoTime()}, taken first) to a callback. Unlike {@code MqttSubscriber} it keeps
 * nothing itself: thousands of messages arrive, and the arrival time is what a latency needs.
 */
final class DeliverySubscriber implements AutoCloseable {

    private final Mqtt5AsyncClient client;

    private DeliverySubscriber(Mqtt5AsyncClient client) {
        this.client = client;
    }

    /** Connects to {@code 127.0.0.1:port} and subscribes to {@code topic}; {@code onMessage} gets body and arrival. */
    static DeliverySubscriber subscribe(int port, String topic, BiConsumer<String, Long> onMessage) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("load-benchmark-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            long arrived = System.nanoTime();
            onMessage.accept(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8), arrived);
        });
        client.connectWith()
                .cleanStart(true)
                .send()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        client.subscribeWith()
                .topicFilter(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return new DeliverySubscriber(client);
    }

    @Override
    public void close() {
        client.disconnect()
                .orTimeout(2, TimeUnit.SECONDS)
                .exceptionally(ignored -> null)
                .join();
    }
}
