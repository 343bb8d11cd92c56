package com.qrrouter.router;

/**
 * What the records of one batch came to; the handler writes these counts as the batch's metrics (see
 * {@code docs/router.md}, Metrics).
 */
public interface BatchCounts {

    /** Records published. */
    long published();

    /** Records acknowledged as duplicates (not published again). */
    long duplicates();

    /** Records parked in the dead-letter queue for {@code code}. */
    long parked(FailureCode code);

    /** Records parked in the dead-letter queue, whatever the reason. */
    long parkedTotal();

    /** Records reported as batch item failures for {@code reason} (SQS delivers them again). */
    long retried(RetryReason reason);

    /** Records reported as batch item failures, whatever the reason. */
    long retriedTotal();
}
