package com.qrrouter.router.internal;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.IdempotencyGuard;
import com.qrrouter.router.RetryReason;
import com.qrrouter.router.ScanIdentity;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of a record's path: dedupe. Its one job is the idempotency protocol around the rest of the delivery: claim
 * the scan with the hash of its body, let the following steps run only if this attempt owns it, then complete the
 * claim if they published and release it otherwise, so that only a publish is remembered (decision 0201) and a parked
 * message redriven after the fix, or a retried one, is delivered.
 *
 * <p>Decides {@code DUPLICATE} (already published inside the window, same body), {@code CONFLICTING_DUPLICATE} (the
 * same scan held inside the window with a different body; permanent, decision 0222), {@code RETRY_IN_PROGRESS}
 * (another attempt holds the scan longer than the wait), {@code RETRY_DEADLINE} and the transient failures of the
 * idempotency store.
 * Every call obeys the batch's {@link Deadline}; a claim this step cannot settle before it expires by itself.
 */
public final class DedupeStep {

    private static final Logger LOG = LoggerFactory.getLogger(DedupeStep.class);
    private static final long FIRST_POLL_MILLIS = 25;
    private static final long MAX_POLL_MILLIS = 200;

    private final IdempotencyGuard idempotency;
    private final Duration inProgressWait;

    /**
     * @param inProgressWait how long a record waits for another attempt that holds the same scan
     */
    public DedupeStep(IdempotencyGuard idempotency, Duration inProgressWait) {
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.inProgressWait = Objects.requireNonNull(inProgressWait, "inProgressWait");
    }

    /**
     * Runs {@code delivery} (route, topic check, publish) once for this scan.
     *
     * @return the delivery's outcome, or what this step decided instead
     */
    public Outcome once(
            QueuedRecord record, DecodeStep.Decoded message, Deadline deadline, Supplier<Outcome> delivery) {
        ScanIdentity scan = message.scan();
        String bodySha256 = message.bodySha256();
        if (!deadline.allowsCall()) {
            return Outcome.tooLate("claiming the scan");
        }
        IdempotencyGuard.Claim claim;
        try {
            claim = claimWaitingForOtherAttempt(scan, bodySha256, deadline);
        } catch (RuntimeException e) {
            return Outcome.failed("idempotency store", e);
        }
        if (claim == IdempotencyGuard.Claim.ALREADY_PUBLISHED) {
            return new Outcome.Duplicate(scan.clientId());
        }
        if (claim == IdempotencyGuard.Claim.CONFLICTING) {
            return new Outcome.Parked(
                    FailureCode.CONFLICTING_DUPLICATE,
                    "ClientID '" + scan.clientId() + "' sent the scan of Time '" + scan.time()
                            + "' (same ClientID, QRCode and Time) again with a different body inside the idempotency"
                            + " window; not published. The sender must say which one holds.",
                    scan.clientId());
        }
        if (claim == IdempotencyGuard.Claim.IN_PROGRESS) {
            return new Outcome.Retry(RetryReason.IN_PROGRESS, "the same scan is being published by another attempt");
        }

        Outcome outcome = delivery.get();
        if (!deadline.allowsCall()) {
            // No call may start now; the claim ends by itself at its in-progress expiry (after the deadline).
            LOG.warn(
                    "Deadline too close to settle the idempotency claim; it expires by itself {} {} {}",
                    entry("messageId", record.messageId()),
                    entry("clientId", scan.clientId()),
                    entry("outcome", Outcome.label(outcome)));
        } else if (outcome instanceof Outcome.Published published) {
            complete(record, scan, bodySha256, published);
        } else {
            release(record, scan, bodySha256, outcome);
        }
        return outcome;
    }

    /**
     * Claims the scan; if another attempt holds it (the same scan twice in one batch, or a re-POST racing a
     * redelivery), waits a little for that attempt to finish: it usually does within milliseconds, and then this
     * record is a plain duplicate (or, if it was released, this attempt takes over) instead of a retry that costs an
     * SQS receive and a visibility timeout.
     */
    private IdempotencyGuard.Claim claimWaitingForOtherAttempt(
            ScanIdentity scan, String bodySha256, Deadline deadline) {
        long start = System.nanoTime();
        long waitNanos = Math.min(inProgressWait.toNanos(), deadline.remaining().toNanos() / 2);
        long pollMillis = FIRST_POLL_MILLIS;
        while (true) {
            IdempotencyGuard.Claim claim = idempotency.claim(scan, bodySha256, deadline.claimTime());
            if (claim != IdempotencyGuard.Claim.IN_PROGRESS || System.nanoTime() - start >= waitNanos) {
                return claim;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claim;
            }
            if (!deadline.allowsCall()) {
                return claim;
            }
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
        }
    }

    private void complete(QueuedRecord record, ScanIdentity scan, String bodySha256, Outcome.Published published) {
        try {
            idempotency.complete(scan, bodySha256, published.topic());
        } catch (RuntimeException e) {
            // Published already: acknowledging is right. The claim expires by itself; until then the scan counts as in
            // progress, afterwards a re-POST would publish again (at-least-once, never lost).
            LOG.warn(
                    "Published but could not record the scan as done {} {} {}",
                    entry("messageId", record.messageId()),
                    entry("clientId", scan.clientId()),
                    entry("outcome", Outcome.label(published)),
                    e);
        }
    }

    private void release(QueuedRecord record, ScanIdentity scan, String bodySha256, Outcome outcome) {
        try {
            idempotency.release(scan, bodySha256, new IllegalStateException("not published: " + outcome));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not release the idempotency claim; a retry waits until it expires {} {} {}",
                    entry("messageId", record.messageId()),
                    entry("clientId", scan.clientId()),
                    entry("outcome", Outcome.label(outcome)),
                    e);
        }
    }
}
