package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Step 6 of a record's path: check freshness. Its one job is to measure the scan's age from the moment the API
 * accepted it ({@code AcceptedAt}, which survives a DLQ redrive) against its limit (the route's
 * {@code MaxScanAgeSeconds}, else the stage's {@code MAX_SCAN_AGE_SECONDS}), and to give the publish the time left as
 * the MQTT 5 message expiry. Decides {@code STALE_SCAN} (permanent): too old, or no {@code AcceptedAt} (age unknown,
 * fail closed; decision 0221). The publish asks again just before it calls IoT Core ({@link #timeLeft}), since time
 * passes in claims and retries. Makes no outside call.
 */
public final class FreshnessStep {

    private final Clock clock;
    private final Duration stageLimit;

    /**
     * @param stageLimit the stage's limit on a scan's age, for routes without their own
     */
    public FreshnessStep(Clock clock, Duration stageLimit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stageLimit = Objects.requireNonNull(stageLimit, "stageLimit");
    }

    /**
     * A scan with a known age and its limit.
     *
     * @param limitSource where the limit comes from, for the reason of a stale scan
     */
    public record Fresh(long acceptedAtMillis, Duration limit, String limitSource) {}

    /** The scan's age and limit, if it is still fresh now. */
    public StepResult<Fresh> check(QueuedRecord record, Route route, String clientId) {
        Duration limit = route.maxScanAge().orElse(stageLimit);
        String source = route.maxScanAge().isPresent() ? "the route's MaxScanAgeSeconds" : "the stage's limit";
        OptionalLong acceptedAt = record.acceptedAtMillis();
        if (acceptedAt.isEmpty()) {
            return StepResult.end(new Outcome.Parked(
                    FailureCode.STALE_SCAN,
                    String.format(
                            Locale.ROOT,
                            "No AcceptedAt: age unknown (the API stamps every scan it accepts; limit %d s, %s).",
                            limit.toSeconds(),
                            source),
                    clientId));
        }
        Fresh fresh = new Fresh(acceptedAt.getAsLong(), limit, source);
        StepResult<Duration> left = timeLeft(fresh, clientId);
        return left.ended() ? StepResult.end(left.outcome()) : StepResult.next(fresh);
    }

    /**
     * The MQTT 5 message expiry of a publish now: the time the scan has left, whole seconds rounded down, at least
     * 1 s; or {@code STALE_SCAN} if none is left. A scan stamped in the future (clock skew) counts as age 0.
     */
    public StepResult<Duration> timeLeft(Fresh fresh, String clientId) {
        long ageMillis = Math.max(0, clock.millis() - fresh.acceptedAtMillis());
        long leftMillis = fresh.limit().toMillis() - ageMillis;
        if (leftMillis <= 0) {
            return StepResult.end(new Outcome.Parked(
                    FailureCode.STALE_SCAN,
                    String.format(
                            Locale.ROOT,
                            "The scan is %.1f s old, over its limit of %d s (%s).",
                            ageMillis / 1000.0,
                            fresh.limit().toSeconds(),
                            fresh.limitSource()),
                    clientId));
        }
        return StepResult.next(Duration.ofSeconds(Math.max(1, leftMillis / 1000)));
    }
}
