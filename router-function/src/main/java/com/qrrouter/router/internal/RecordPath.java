package com.qrrouter.router.internal;

import java.util.Objects;

/**
 * One record's path, one named step per class, in this order:
 *
 * <ol>
 *   <li>{@link DecodeStep}: decode and validate the body;
 *   <li>{@link DedupeStep}: claim the scan; steps 3–5 run only if this attempt owns it, then the claim is completed
 *       (published) or released (anything else);
 *   <li>{@link RouteStep}: look up the client's topic;
 *   <li>{@link TopicCheckStep}: check the topic;
 *   <li>{@link PublishStep}: publish the body unchanged;
 *   <li>{@link ParkStep}: park a permanent failure found by any step before.
 * </ol>
 *
 * A step ends the path with an {@link Outcome} or hands its result on. Never throws for a failure of an outside
 * system: every one becomes an outcome. Every outside call obeys the batch's {@link Deadline}.
 */
public final class RecordPath {

    private final DecodeStep decode;
    private final DedupeStep dedupe;
    private final RouteStep route;
    private final TopicCheckStep topicCheck;
    private final PublishStep publish;
    private final ParkStep park;

    public RecordPath(
            DecodeStep decode,
            DedupeStep dedupe,
            RouteStep route,
            TopicCheckStep topicCheck,
            PublishStep publish,
            ParkStep park) {
        this.decode = Objects.requireNonNull(decode, "decode");
        this.dedupe = Objects.requireNonNull(dedupe, "dedupe");
        this.route = Objects.requireNonNull(route, "route");
        this.topicCheck = Objects.requireNonNull(topicCheck, "topicCheck");
        this.publish = Objects.requireNonNull(publish, "publish");
        this.park = Objects.requireNonNull(park, "park");
    }

    /**
     * Runs the record's path.
     *
     * @return {@code Published}, {@code Duplicate}, {@code Parked} (it is in the dead-letter queue), {@code ParkFailed}
     *     or {@code Retry}
     */
    public Outcome run(QueuedRecord record, Deadline deadline) {
        Outcome outcome = deliver(record, deadline);
        return outcome instanceof Outcome.Parked rejected ? park.park(record, rejected, deadline) : outcome;
    }

    private Outcome deliver(QueuedRecord record, Deadline deadline) {
        StepResult<DecodeStep.Decoded> decoded = decode.decode(record);
        if (decoded.ended()) {
            return decoded.outcome();
        }
        DecodeStep.Decoded message = decoded.value();
        return dedupe.once(record, message.scan(), deadline, () -> routeAndPublish(record, message, deadline));
    }

    private Outcome routeAndPublish(QueuedRecord record, DecodeStep.Decoded message, Deadline deadline) {
        String clientId = message.scan().clientId();
        StepResult<String> topic = route.topicFor(clientId, deadline);
        if (topic.ended()) {
            return topic.outcome();
        }
        StepResult<String> allowed = topicCheck.check(clientId, topic.value());
        if (allowed.ended()) {
            return allowed.outcome();
        }
        return publish.publish(allowed.value(), message, record.correlationId(), deadline);
    }
}
