package com.qrrouter.router;

import java.util.Objects;
import java.util.Optional;

/**
 * A message to park in the dead-letter queue: the original body unchanged plus reason attributes. It carries only the
 * reason of this parking ({@code FailureCode}, {@code FailureMessage}); the reason of an earlier parking of a redriven
 * message travels only as {@code PreviousFailureCode}. It keeps what a redrive needs to route it again: the caller's
 * team and the time the API accepted it.
 *
 * @param originalMessageId SQS message id of the original message
 * @param body the original body, unchanged
 * @param failureCode why it was parked
 * @param failureMessage what exactly is wrong, for an operator (never contains the QR code)
 * @param clientId the ClientID, if known
 * @param correlationId the API request id, if known
 * @param callerTeam the {@code CallerTeam} attribute of the original, if any
 * @param acceptedAt the {@code AcceptedAt} attribute of the original (epoch milliseconds, as sent), if any
 * @param previousFailureCode the {@code FailureCode} the original carried (it was parked before and redriven), if any
 */
public record ParkedMessage(
        String originalMessageId,
        String body,
        FailureCode failureCode,
        String failureMessage,
        Optional<String> clientId,
        Optional<String> correlationId,
        Optional<String> callerTeam,
        Optional<String> acceptedAt,
        Optional<String> previousFailureCode) {

    /** Name of the message attribute that keeps the failure code of an earlier parking of a redriven message. */
    public static final String PREVIOUS_FAILURE_CODE_ATTRIBUTE = "PreviousFailureCode";

    public ParkedMessage {
        Objects.requireNonNull(originalMessageId, "originalMessageId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureMessage, "failureMessage");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(callerTeam, "callerTeam");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(previousFailureCode, "previousFailureCode");
    }
}
