package com.qrrouter.router;

import java.util.Objects;

/**
 * A message to publish with QoS 1: the original body unchanged, plus MQTT 5 metadata.
 *
 * @param topic the checked topic
 * @param payload the SQS message body, byte for byte
 * @param correlationId the API request id (MQTT 5 correlation data and user property), or {@code null}
 */
public record MqttMessage(String topic, byte[] payload, String correlationId) {

    /** Content type of every published payload. */
    public static final String CONTENT_TYPE = "application/json";

    public MqttMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
