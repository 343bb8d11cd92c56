package com.qrrouter.router;

/** Publishes to MQTT with QoS 1 (port; adapter: AWS IoT Core data plane). */
public interface MessagePublisher {

    /**
     * Publishes the message; returns only when the broker has accepted it.
     *
     * @throws RuntimeException if the publish was not accepted (classified by {@code FailureClassifier})
     */
    void publish(MqttMessage message);
}
