package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.Route;
import java.util.Locale;
import java.util.Objects;

/**
 * One record's path, one named step per class, in this order:
 *
 * <ol>
 *   <li>{@link DecodeStep}: decode and validate the body, hash it;
 *   <li>{@link RouteStep}: look up the client's route;
 *   <li>{@link CallerCheckStep}: admit only a team the route names;
 *   <li>{@link TopicCheckStep}: check the topic;
 *   <li>{@link DedupeStep}: claim the scan with its body's hash; steps 6–7 run only if this attempt owns it, then the
 *       claim is completed (published) or released (anything else);
 *   <li>{@link FreshnessStep}: park a scan too old (or of unknown age), else give the time it has left;
 *   <li>{@link PublishStep}: publish the body unchanged with that time as MQTT 5 message expiry;
 *   <li>{@link ParkStep}: park a permanent failure found by any step before, and a transient one on the message's last
 *       allowed receive ({@code RETRIES_EXHAUSTED}).
 * </ol>
 *
 * A step ends the path with an {@link Outcome} or hands its result on. Never throws for a failure of an outside
 * system: every one becomes an outcome. Every outside call obeys the batch's {@link Deadline}.
 */
public final class RecordPath {

    private final DecodeStep decode;
    private final RouteStep route;
    private final CallerCheckStep callerCheck;
    private final TopicCheckStep topicCheck;
    private final DedupeStep dedupe;
    private final FreshnessStep freshness;
    private final PublishStep publish;
    private final ParkStep park;
    private final int maxReceiveCount;

    /**
     * @param maxReceiveCount the queue's {@code maxReceiveCount}: a transient failure on this receive (or a later one)
     *     is parked as {@code RETRIES_EXHAUSTED} instead of retried (decision 0225)
     */
    public RecordPath(
            DecodeStep decode,
            RouteStep route,
            CallerCheckStep callerCheck,
            TopicCheckStep topicCheck,
            DedupeStep dedupe,
            FreshnessStep freshness,
            PublishStep publish,
            ParkStep park,
            int maxReceiveCount) {
        this.decode = Objects.requireNonNull(decode, "decode");
        this.route = Objects.requireNonNull(route, "route");
        this.callerCheck = Objects.requireNonNull(callerCheck, "callerCheck");
        this.topicCheck = Objects.requireNonNull(topicCheck, "topicCheck");
        this.dedupe = Objects.requireNonNull(dedupe, "dedupe");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.publish = Objects.requireNonNull(publish, "publish");
        this.park = Objects.requireNonNull(park, "park");
        this.maxReceiveCount = maxReceiveCount;
    }

    /**
     * Runs the record's path.
     *
     * @return {@code Published}, {@code Duplicate}, {@code Parked} (it is in the dead-letter queue), {@code ParkFailed}
     *     or {@code Retry}
     */
    public Outcome run(QueuedRecord record, Deadline deadline) {
        Outcome outcome = deliver(record, deadline);
        if (outcome instanceof Outcome.Retry retry && record.receiveCount() >= maxReceiveCount) {
            outcome = exhausted(record, retry);
        }
        return outcome instanceof Outcome.Parked rejected ? park.park(record, rejected, deadline) : outcome;
    }

    /** The last allowed receive failed transiently: parked with the last reason, never moved by SQS without one. */
    private static Outcome.Parked exhausted(QueuedRecord record, Outcome.Retry retry) {
        return new Outcome.Parked(
                FailureCode.RETRIES_EXHAUSTED,
                String.format(
                        Locale.ROOT,
                        "Not delivered in %d receives; last retry reason %s: %s",
                        record.receiveCount(),
                        retry.reason(),
                        retry.detail()),
                null);
    }

    private Outcome deliver(QueuedRecord record, Deadline deadline) {
        StepResult<DecodeStep.Decoded> decoded = decode.decode(record);
        if (decoded.ended()) {
            return decoded.outcome();
        }
        DecodeStep.Decoded message = decoded.value();
        String clientId = message.scan().clientId();
        StepResult<Route> found = route.routeFor(clientId, deadline);
        if (found.ended()) {
            return found.outcome();
        }
        StepResult<Route> admitted = callerCheck.admit(record, clientId, found.value());
        if (admitted.ended()) {
            return admitted.outcome();
        }
        StepResult<String> topic = topicCheck.check(clientId, admitted.value().topic());
        if (topic.ended()) {
            return topic.outcome();
        }
        return dedupe.once(
                record,
                message,
                deadline,
                () -> freshAndPublish(record, message, admitted.value(), topic.value(), deadline));
    }

    private Outcome freshAndPublish(
            QueuedRecord record, DecodeStep.Decoded message, Route route, String topic, Deadline deadline) {
        StepResult<FreshnessStep.Fresh> fresh =
                freshness.check(record, route, message.scan().clientId());
        if (fresh.ended()) {
            return fresh.outcome();
        }
        return publish.publish(topic, message, record.correlationId(), fresh.value(), deadline);
    }
}
