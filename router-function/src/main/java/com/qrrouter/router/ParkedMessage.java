package com.qrrouter.router;

import java.util.Objects;
import java.util.Optional;

/**
 * A message to park in the dead-letter queue: the original body unchanged plus reason attributes.
 *
 * @param originalMessageId SQS message id of the original message
 * @param body the original body, unchanged
 * @param failureCode why it was parked
 * @param failureMessage what exactly is wrong, for an operator (never contains the QR code)
 * @param clientId the ClientID, if known
 * @param correlationId the API request id, if known
 */
public record ParkedMessage(
        String originalMessageId,
        String body,
        FailureCode failureCode,
        String failureMessage,
        Optional<String> clientId,
        Optional<String> correlationId) {

    public ParkedMessage {
        Objects.requireNonNull(originalMessageId, "originalMessageId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureMessage, "failureMessage");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
