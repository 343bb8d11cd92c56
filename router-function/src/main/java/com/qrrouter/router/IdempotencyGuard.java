package com.qrrouter.router;

import java.time.Duration;

/**
 * Makes a scan publish once within the idempotency window (port; adapter: Powertools idempotency with DynamoDB).
 *
 * <p>Protocol: {@link #claim} before routing; then exactly one of {@link #complete} (published) or {@link #release}
 * (not published: parked or to be retried), so that only a real publish is remembered.
 */
public interface IdempotencyGuard {

    /** Result of a claim. */
    enum Claim {
        /** This attempt owns the scan and must complete or release it. */
        CLAIMED,
        /** The scan was already published inside the window: acknowledge without publishing. */
        ALREADY_PUBLISHED,
        /** Another attempt is publishing it right now: retry later. */
        IN_PROGRESS,
        /**
         * The same scan is held (published or in progress) inside the window with a different body: a contradiction,
         * neither to publish nor to drop.
         */
        CONFLICTING
    }

    /**
     * Claims the scan for this attempt.
     *
     * @param bodySha256 the SHA-256 (hex) of the raw body: stored with the claim (never the body), compared with the
     *     stored one when the scan is already held
     * @param remainingTime how long the claim stays in progress if this attempt neither completes nor releases it (the
     *     batch deadline plus a margin, see {@code Deadline}); a claim left behind by an attempt that died (e.g. a
     *     Lambda timeout) stops blocking retries once this time has passed
     * @throws RuntimeException if the store cannot be reached (a transient failure)
     */
    Claim claim(ScanIdentity scan, String bodySha256, Duration remainingTime);

    /** Remembers the scan as published to {@code topic} for the idempotency window. */
    void complete(ScanIdentity scan, String bodySha256, String topic);

    /** Forgets the claim so that a later attempt (retry or redrive) publishes the scan. */
    void release(ScanIdentity scan, String bodySha256, Throwable cause);
}
