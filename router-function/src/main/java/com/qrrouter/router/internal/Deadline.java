package com.qrrouter.router.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The end of a batch's time and the one rule for outside calls (DynamoDB, IoT Core, the dead-letter queue): a call
 * may start only if it ends before the deadline even when it takes as long as the longest call can take (the SDK
 * clients' call timeout bounds every call, retries included).
 *
 * <p>So when the handler answers at the deadline, no call of the batch is in flight, and none starts afterwards: on
 * Lambda the execution environment is frozen after the answer, and a record whose worker is still running (or thaws
 * at the next invocation) finds the rule closed and ends as a retry without touching anything. A claim taken by this
 * batch expires no earlier than the deadline ({@link #claimTime()}), so it outlasts every call the batch started.
 * See decision 0206.
 */
public final class Deadline {

    /** Added to a claim's in-progress time: covers clock differences between execution environments. */
    static final Duration CLOCK_SKEW_MARGIN = Duration.ofSeconds(1);

    private final long endNanos;
    private final long longestCallNanos;
    private final LongSupplier nanoTime;

    private Deadline(long endNanos, long longestCallNanos, LongSupplier nanoTime) {
        this.endNanos = endNanos;
        this.longestCallNanos = longestCallNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * @param budget time from now until the handler must answer
     * @param longestCall the longest an outside call can take (the SDK clients' call timeout)
     */
    public static Deadline in(Duration budget, Duration longestCall) {
        return in(budget, longestCall, System::nanoTime);
    }

    static Deadline in(Duration budget, Duration longestCall, LongSupplier nanoTime) {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(longestCall, "longestCall");
        long now = nanoTime.getAsLong();
        return new Deadline(now + Math.max(0, budget.toNanos()), Math.max(0, longestCall.toNanos()), nanoTime);
    }

    /** True while an outside call started now would still end before the deadline. */
    public boolean allowsCall() {
        return endNanos - nanoTime.getAsLong() > longestCallNanos;
    }

    /** Time left until the deadline (zero once it has passed). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - nanoTime.getAsLong()));
    }

    /**
     * How long a claim taken now stays in progress if this attempt dies without completing or releasing it: until
     * the deadline (every call of the batch has ended by then) plus {@link #CLOCK_SKEW_MARGIN}.
     */
    public Duration claimTime() {
        return remaining().plus(CLOCK_SKEW_MARGIN);
    }
}
