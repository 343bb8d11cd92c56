package com.qrrouter.local.internal;

import java.util.function.LongSupplier;

/**
 * API Gateway's stage throttling: a token bucket holding at most {@code burst} requests, refilled at {@code rate}
 * requests per second. A request that finds the bucket empty is answered 429.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    /**
     * @param rate steady-state requests per second, positive
     * @param burst bucket size, at least 1
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    public TokenBucket(double rate, int burst, LongSupplier nanoClock) {
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("Throttling needs a positive rate and a burst of at least 1, got rate "
                    + rate + ", burst " + burst);
        }
        this.ratePerNano = rate / 1_000_000_000d;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Takes one request's token if there is one. */
    public synchronized boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
