package com.qrrouter.local;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A device-side MQTT subscriber (HiveMQ client, MQTT 3.1.1, QoS 1) that collects what it receives. */
public final class MqttSubscriber implements AutoCloseable {

    /** One received message. */
    public record Received(String topic, byte[] payload, int qos) {}

    private final Mqtt3BlockingClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private MqttSubscriber(Mqtt3BlockingClient client) {
        this.client = client;
    }

    /** Connects to the broker and subscribes to {@code topicFilter} with QoS 1. */
    public static MqttSubscriber subscribe(EmbeddedMqttBroker broker, String topicFilter) {
        return subscribe(broker.port(), topicFilter);
    }

    /** Connects to the MQTT broker on {@code 127.0.0.1:port} and subscribes to {@code topicFilter} with QoS 1. */
    public static MqttSubscriber subscribe(int port, String topicFilter) {
        Mqtt3BlockingClient client = MqttClient.builder()
                .useMqttVersion3()
                .identifier("device-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildBlocking();
        client.connect();
        MqttSubscriber subscriber = new MqttSubscriber(client);
        client.toAsync()
                .subscribeWith()
                .topicFilter(topicFilter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(subscriber::accept)
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

    @Override
    public void close() {
        client.disconnect();
    }
}
