package com.qrrouter.router.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.util.Objects;

/**
 * One SQS record as the steps of its path read it; the SQS attributes are parsed here, once.
 *
 * @param messageId SQS message id ({@code null} only in a malformed event)
 * @param body the body, empty if SQS gave none
 * @param correlationId the API request id ({@code CorrelationId} attribute), or {@code null}
 * @param clientIdAttribute the {@code ClientID} attribute the API set, or {@code null}
 * @param receiveCount SQS's ApproximateReceiveCount: 1 on the first delivery, 0 if unknown
 */
public record QueuedRecord(
        String messageId, String body, String correlationId, String clientIdAttribute, int receiveCount) {

    public QueuedRecord {
        Objects.requireNonNull(body, "body");
    }

    /** Reads an SQS record of the Lambda event. */
    public static QueuedRecord of(SQSEvent.SQSMessage message) {
        return new QueuedRecord(
                message.getMessageId(),
                message.getBody() == null ? "" : message.getBody(),
                attribute(message, MessageAttributes.CORRELATION_ID),
                attribute(message, MessageAttributes.CLIENT_ID),
                receiveCount(message));
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
