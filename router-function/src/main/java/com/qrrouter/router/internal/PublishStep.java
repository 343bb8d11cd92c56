package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.MessagePublisher;
import com.qrrouter.router.MqttMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Step 7 of a record's path: publish. Its one job is to publish the body unchanged to the checked topic, with the
 * correlation id and, as MQTT 5 message expiry, the time the scan has left (asked of {@link FreshnessStep} just before
 * the call). Decides {@code PUBLISHED}, {@code STALE_SCAN} (no time left by now), {@code PUBLISH_REJECTED} (IoT Core
 * refused it for good: 400, 403, 413; decision 0224), {@code RETRY_DEADLINE} and the transient failures of the publish.
 */
public final class PublishStep {

    private final MessagePublisher publisher;
    private final FreshnessStep freshness;

    public PublishStep(MessagePublisher publisher, FreshnessStep freshness) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
    }

    public Outcome publish(
            String topic,
            DecodeStep.Decoded message,
            String correlationId,
            FreshnessStep.Fresh fresh,
            Deadline deadline) {
        if (!deadline.allowsCall()) {
            return Outcome.tooLate("publishing");
        }
        String clientId = message.scan().clientId();
        StepResult<Duration> expiry = freshness.timeLeft(fresh, clientId);
        if (expiry.ended()) {
            return expiry.outcome();
        }
        try {
            publisher.publish(new MqttMessage(topic, message.payload(), correlationId, expiry.value()));
        } catch (RuntimeException e) {
            OptionalInt refused = FailureClassifier.publishRefusal(e);
            if (refused.isPresent()) {
                return new Outcome.Parked(
                        FailureCode.PUBLISH_REJECTED,
                        "IoT Core refused the publish for ClientID '" + clientId + "' with HTTP "
                                + refused.getAsInt() + " (" + FailureClassifier.errorCode(e)
                                + "); fix the cause (IoT policy, topic, message size), then redrive.",
                        clientId);
            }
            return Outcome.failed("IoT publish", e);
        }
        return new Outcome.Published(topic, clientId);
    }
}
