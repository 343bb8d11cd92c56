package com.qrrouter.router.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One SQS record as the steps of its path read it; the SQS attributes are parsed here, once.
 *
 * @param messageId SQS message id ({@code null} only in a malformed event)
 * @param receiptHandle the receipt handle of this receive (to change its visibility), or {@code null}
 * @param body the body, empty if SQS gave none
 * @param correlationId the API request id ({@code CorrelationId} attribute), or {@code null}
 * @param clientIdAttribute the {@code ClientID} attribute the API set, or {@code null}
 * @param callerTeam the team that posted it ({@code CallerTeam} attribute, set by the API from the caller's
 *     identity), or {@code null}
 * @param acceptedAtAttribute the {@code AcceptedAt} attribute as sent (epoch milliseconds), or {@code null}
 * @param previousFailureCode the {@code FailureCode} of an earlier parking (a redriven message), or {@code null}
 * @param receiveCount SQS's ApproximateReceiveCount: 1 on the first delivery, 0 if unknown
 */
public record QueuedRecord(
        String messageId,
        String receiptHandle,
        String body,
        String correlationId,
        String clientIdAttribute,
        String callerTeam,
        String acceptedAtAttribute,
        String previousFailureCode,
        int receiveCount) {

    public QueuedRecord {
        Objects.requireNonNull(body, "body");
    }

    /** A record with only the fields of a test of the body's path (no team, no AcceptedAt, no receipt handle). */
    public static QueuedRecord of(
            String messageId, String body, String correlationId, String clientIdAttribute, int receiveCount) {
        return new QueuedRecord(
                messageId, null, body, correlationId, clientIdAttribute, null, null, null, receiveCount);
    }

    /** Reads an SQS record of the Lambda event. */
    public static QueuedRecord of(SQSEvent.SQSMessage message) {
        return new QueuedRecord(
                message.getMessageId(),
                message.getReceiptHandle(),
                message.getBody() == null ? "" : message.getBody(),
                attribute(message, MessageAttributes.CORRELATION_ID),
                attribute(message, MessageAttributes.CLIENT_ID),
                attribute(message, MessageAttributes.CALLER_TEAM),
                attribute(message, MessageAttributes.ACCEPTED_AT),
                attribute(message, MessageAttributes.FAILURE_CODE),
                receiveCount(message));
    }

    /** {@code AcceptedAt} in epoch milliseconds, or empty if the record has none or it is not a whole number. */
    public OptionalLong acceptedAtMillis() {
        if (acceptedAtAttribute == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(acceptedAtAttribute.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The ClientID for a log line before the body is read: the attribute, else empty. */
    String clientIdForLog() {
        return clientIdAttribute == null ? "" : clientIdAttribute;
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String attribute(SQSEvent.SQSMessage message, String name) {
        if (message.getMessageAttributes() == null) {
            return null;
        }
        SQSEvent.MessageAttribute value = message.getMessageAttributes().get(name);
        if (value == null
                || value.getStringValue() == null
                || value.getStringValue().isEmpty()) {
            return null;
        }
        return value.getStringValue();
    }
}
