package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.RetryReason;

/** What a record's path ({@link RecordPath}) came to, or a step of it when the path ends there. */
public sealed interface Outcome {

    /** Published to {@code topic}. */
    record Published(String topic, String clientId) implements Outcome {}

    /** The same scan was already published inside the idempotency window; nothing was published. */
    record Duplicate(String clientId) implements Outcome {}

    /**
     * A permanent failure. A step that finds one ends the path with it; {@link ParkStep} then parks the message in the
     * dead-letter queue, and only a parked record's path ends as {@code Parked}.
     *
     * @param clientId the ClientID of the body, or {@code null} if the body has none (the park step then takes the
     *     message's {@code ClientID} attribute)
     */
    record Parked(FailureCode code, String reason, String clientId) implements Outcome {}

    /** A permanent failure that could not be parked: reported as a batch item failure so that nothing is lost. */
    record ParkFailed(Parked parked) implements Outcome {}

    /** A transient failure: to be reported as a batch item failure so that SQS retries it. */
    record Retry(RetryReason reason, String detail) implements Outcome {}

    /** The {@code outcome} field of the record's log lines: PUBLISHED, DUPLICATE, PARKED or RETRY_{reason}. */
    static String label(Outcome outcome) {
        return switch (outcome) {
            case Published published -> "PUBLISHED";
            case Duplicate duplicate -> "DUPLICATE";
            case Parked parked -> "PARKED";
            case ParkFailed failed -> "RETRY_" + RetryReason.PARK_FAILED;
            case Retry retry -> "RETRY_" + retry.reason();
        };
    }

    /** The record is retried because no outside call may start this close to the batch's deadline. */
    static Retry tooLate(String what) {
        return new Retry(RetryReason.DEADLINE, "the batch deadline is too close to start " + what);
    }

    /** The record is retried because an outside call failed (transient, see {@link FailureClassifier}). */
    static Retry failed(String what, RuntimeException e) {
        return new Retry(
                FailureClassifier.classify(e),
                what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
