package com.qrrouter.router.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a record reported as a batch item failure stays invisible before SQS delivers it again: short, growing with
 * its {@code ApproximateReceiveCount} and jittered, so that a person at a door waits seconds after a transient fault,
 * not the whole visibility timeout, and records that failed together do not come back together (decision 0223).
 *
 * <p>Receive n waits a whole number of seconds drawn from [⌈d/2⌉, d] with d = min(cap, 2^(n−1) s): 1 s; 1–2 s;
 * 2–4 s; 4–8 s … The cap is a quarter of the stage's scan age limit, at most {@link #MAX_DELAY} and at least 1 s, so
 * the retries of a fresh scan fit well inside its freshness limit.
 */
public final class RetryDelay {

    /** The longest delay, whatever the age limit. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(8);

    private final long capSeconds;
    private final RandomGenerator random;

    /**
     * @param maxScanAge the stage's limit on a scan's age
     */
    public RetryDelay(Duration maxScanAge, RandomGenerator random) {
        long quarter = Objects.requireNonNull(maxScanAge, "maxScanAge").toSeconds() / 4;
        this.capSeconds = Math.max(1, Math.min(MAX_DELAY.toSeconds(), quarter));
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The delay before the next receive of a record that failed on receive {@code receiveCount} (0: unknown). */
    public Duration after(int receiveCount) {
        int doublings = Math.min(30, Math.max(0, receiveCount - 1));
        long full = Math.min(capSeconds, 1L << doublings);
        long least = (full + 1) / 2;
        return Duration.ofSeconds(least + random.nextLong(full - least + 1));
    }

    /** The longest delay this policy gives. */
    public Duration cap() {
        return Duration.ofSeconds(capSeconds);
    }
}
