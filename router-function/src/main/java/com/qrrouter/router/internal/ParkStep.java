package com.qrrouter.router.internal;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.qrrouter.router.DeadLetterQueue;
import com.qrrouter.router.ParkedMessage;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 8 of a record's path, for a permanent failure only: park. Its one job is to put the original body, unchanged,
 * into the dead-letter queue with the reason attributes of this failure only (a redriven message's old
 * {@code FailureCode} and {@code FailureMessage} are never copied; the old code travels as {@code PreviousFailureCode}),
 * and with the {@code CallerTeam} and {@code AcceptedAt} a redrive needs. It decides the {@code ClientID} the parked
 * message carries (the body's, else the message's {@code ClientID} attribute), and {@code PARKED},
 * {@code RETRY_PARK_FAILED} (the queue did not take it; nothing is lost) or {@code RETRY_DEADLINE}.
 */
public final class ParkStep {

    private static final Logger LOG = LoggerFactory.getLogger(ParkStep.class);

    private final DeadLetterQueue deadLetterQueue;

    public ParkStep(DeadLetterQueue deadLetterQueue) {
        this.deadLetterQueue = Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
    }

    /**
     * Parks the record.
     *
     * @param rejected the permanent failure a step found
     * @return {@code Parked} (with the ClientID it was parked with), {@code ParkFailed} or a deadline retry
     */
    public Outcome park(QueuedRecord record, Outcome.Parked rejected, Deadline deadline) {
        // The body gave no ClientID: fall back to the attribute the API set, for the DLQ and the logs.
        Outcome.Parked parked = rejected.clientId() != null
                ? rejected
                : new Outcome.Parked(rejected.code(), rejected.reason(), record.clientIdAttribute());
        if (!deadline.allowsCall()) {
            return Outcome.tooLate("parking the message");
        }
        try {
            deadLetterQueue.park(new ParkedMessage(
                    record.messageId(),
                    record.body(),
                    parked.code(),
                    parked.reason(),
                    Optional.ofNullable(parked.clientId()),
                    Optional.ofNullable(record.correlationId()),
                    Optional.ofNullable(record.callerTeam()),
                    Optional.ofNullable(record.acceptedAtAttribute()),
                    Optional.ofNullable(record.previousFailureCode())));
            return parked;
        } catch (RuntimeException e) {
            Outcome.ParkFailed failed = new Outcome.ParkFailed(parked);
            LOG.warn(
                    "Could not park the message; SQS will retry it {} {} {} {}",
                    entry("messageId", record.messageId()),
                    entry("clientId", parked.clientId() == null ? "" : parked.clientId()),
                    entry("outcome", Outcome.label(failed)),
                    entry("failureCode", parked.code()),
                    e);
            return failed;
        }
    }
}
