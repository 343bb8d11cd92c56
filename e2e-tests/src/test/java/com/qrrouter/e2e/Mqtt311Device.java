package com.qrrouter.e2e;

import com.qrrouter.local.MqttSubscriber;
import java.util.List;

/**
 * A device on the local stack's MQTT 3.1.1 broker (Moquette), which refuses MQTT 5 connections: used only while
 * {@link LocalTarget#BROKER_FORWARDS_MQTT5_PROPERTIES} is false. Received messages carry no MQTT 5 properties.
 */
final class Mqtt311Device implements Device {

    private final MqttSubscriber subscriber;

    private Mqtt311Device(MqttSubscriber subscriber) {
        this.subscriber = subscriber;
    }

    /** Returns once subscribed (the subscriber waits for the SUBACK). */
    static Mqtt311Device subscribe(int port, String topicFilter) {
        return new Mqtt311Device(MqttSubscriber.subscribe(port, topicFilter));
    }

    @Override
    public List<ReceivedMessage> received() {
        return subscriber.received().stream()
                .map(message ->
                        new ReceivedMessage(message.topic(), message.payload(), message.qos(), null, null, null, null))
                .toList();
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
