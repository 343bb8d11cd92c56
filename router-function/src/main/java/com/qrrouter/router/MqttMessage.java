package com.qrrouter.router;

import java.time.Duration;
import java.util.Objects;

/**
 * A message to publish with QoS 1: the original body unchanged, plus MQTT 5 metadata.
 *
 * @param topic the checked topic
 * @param payload the SQS message body, byte for byte
 * @param correlationId the API request id (MQTT 5 correlation data and user property), or {@code null}
 * @param messageExpiry the MQTT 5 message expiry interval (whole seconds, at least 1): the time the scan has left
 *     before it is too old; the broker drops it for a session that has not received it by then. {@code null}: none
 */
public record MqttMessage(String topic, byte[] payload, String correlationId, Duration messageExpiry) {

    /** Content type of every published payload. */
    public static final String CONTENT_TYPE = "application/json";

    public MqttMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (messageExpiry != null && messageExpiry.toSeconds() < 1) {
            throw new IllegalArgumentException("messageExpiry must be at least 1 s, was " + messageExpiry);
        }
    }

    /** A message without an expiry. */
    public MqttMessage(String topic, byte[] payload, String correlationId) {
        this(topic, payload, correlationId, null);
    }
}
