package com.qrrouter.router.internal;

import com.qrrouter.router.DeadLetterQueue;
import com.qrrouter.router.ParkedMessage;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Parks a message in the SQS dead-letter queue: the original body unchanged, with the reason attributes
 * {@code FailureCode}, {@code FailureMessage}, {@code OriginalMessageId}, and when known {@code ClientID},
 * {@code CorrelationId}, {@code CallerTeam}, {@code AcceptedAt} (Number: a redrive is routed with its original age and
 * team) and {@code PreviousFailureCode}. Nothing else of the original's attributes is copied, so a redriven message
 * parked again carries only its new reason.
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {

    /** Longest failure message kept in the attribute. */
    static final int MAX_FAILURE_MESSAGE_CHARS = 1_000;

    /** Longest client id or correlation id kept in an attribute (a malformed message can carry anything). */
    static final int MAX_ID_CHARS = 256;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeadLetterQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void park(ParkedMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        put(attributes, MessageAttributes.FAILURE_CODE, message.failureCode().name(), MAX_ID_CHARS);
        put(attributes, MessageAttributes.FAILURE_MESSAGE, message.failureMessage(), MAX_FAILURE_MESSAGE_CHARS);
        put(attributes, MessageAttributes.ORIGINAL_MESSAGE_ID, message.originalMessageId(), MAX_ID_CHARS);
        message.clientId().ifPresent(id -> put(attributes, MessageAttributes.CLIENT_ID, id, MAX_ID_CHARS));
        message.correlationId().ifPresent(id -> put(attributes, MessageAttributes.CORRELATION_ID, id, MAX_ID_CHARS));
        message.callerTeam().ifPresent(team -> put(attributes, MessageAttributes.CALLER_TEAM, team, MAX_ID_CHARS));
        message.acceptedAt()
                .filter(value -> value.matches("-?[0-9]{1,19}"))
                .ifPresent(value -> attributes.put(
                        MessageAttributes.ACCEPTED_AT,
                        MessageAttributeValue.builder()
                                .dataType("Number")
                                .stringValue(value)
                                .build()));
        message.previousFailureCode()
                .ifPresent(code -> put(attributes, ParkedMessage.PREVIOUS_FAILURE_CODE_ATTRIBUTE, code, MAX_ID_CHARS));
        sqs.sendMessage(SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(message.body())
                .messageAttributes(attributes)
                .build());
    }

    private static void put(Map<String, MessageAttributeValue> attributes, String name, String value, int maxChars) {
        String clean = sqsSafe(value, maxChars);
        if (!clean.isEmpty()) {
            attributes.put(
                    name,
                    MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue(clean)
                            .build());
        }
    }

    /** Keeps only characters SQS accepts in attribute values, and at most {@code maxChars} of them. */
    static String sqsSafe(String value, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars));
        value.codePoints()
                .filter(cp -> cp == 0x9
                        || cp == 0xA
                        || cp == 0xD
                        || (cp >= 0x20 && cp <= 0xD7FF)
                        || (cp >= 0xE000 && cp <= 0xFFFD)
                        || (cp >= 0x10000 && cp <= 0x10FFFF))
                .forEach(cp -> {
                    if (out.length() < maxChars) {
                        out.appendCodePoint(cp);
                    }
                });
        return out.toString();
    }
}
