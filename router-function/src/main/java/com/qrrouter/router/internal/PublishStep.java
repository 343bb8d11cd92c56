package com.qrrouter.router.internal;

import com.qrrouter.router.MessagePublisher;
import com.qrrouter.router.MqttMessage;
import java.util.Objects;

/**
 * Step 5 of a record's path: publish. Its one job is to publish the body unchanged to the checked topic, with the
 * correlation id. Decides {@code PUBLISHED}, {@code RETRY_DEADLINE} and the transient failures of the publish.
 */
public final class PublishStep {

    private final MessagePublisher publisher;

    public PublishStep(MessagePublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    public Outcome publish(String topic, DecodeStep.Decoded message, String correlationId, Deadline deadline) {
        if (!deadline.allowsCall()) {
            return Outcome.tooLate("publishing");
        }
        try {
            publisher.publish(new MqttMessage(topic, message.payload(), correlationId));
        } catch (RuntimeException e) {
            return Outcome.failed("IoT publish", e);
        }
        return new Outcome.Published(topic, message.scan().clientId());
    }
}
