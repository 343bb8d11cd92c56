package com.qrrouter.e2e;

import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The stage's DLQ as the suite uses it on a shared stage: find its own message by an attribute, delete only that one,
 * and redrive only that one (sent back to the message queue with the attributes the API gave it, then deleted from the
 * DLQ). A move task ({@code StartMessageMoveTask}) would redrive every parked message of the stage, operators' too, so
 * the suite does not use one.
 */
final class DeadLetters {

    /** The reason attributes the router adds when it parks a message; a redrive leaves them behind. */
    static final Set<String> REASON_ATTRIBUTES = Set.of(
            MessageAttributes.FAILURE_CODE, MessageAttributes.FAILURE_MESSAGE, MessageAttributes.ORIGINAL_MESSAGE_ID);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    DeadLetters(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /**
     * Looks through the DLQ for the first message whose attribute {@code name} is {@code value} and keeps it invisible
     * to others for {@code hideSeconds}, so that it can be deleted or redriven; every other message received on the way
     * is made visible again before this returns. Empty if it is not (yet) there.
     */
    Optional<Message> find(String name, String value, int hideSeconds) {
        List<Message> others = new ArrayList<>();
        try {
            for (int pass = 0; pass < 20; pass++) {
                int waitSeconds = pass == 0 ? 1 : 0;
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(waitSeconds)
                                .visibilityTimeout(hideSeconds)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                .messageAttributeNames("All"))
                        .messages();
                if (batch.isEmpty()) {
                    return Optional.empty();
                }
                Message found = null;
                for (Message message : batch) {
                    MessageAttributeValue attribute =
                            message.messageAttributes().get(name);
                    if (found == null && attribute != null && value.equals(attribute.stringValue())) {
                        found = message;
                    } else {
                        others.add(message);
                    }
                }
                if (found != null) {
                    return Optional.of(found);
                }
            }
            return Optional.empty();
        } finally {
            // Held back only while looking: the others are visible again at once.
            others.forEach(this::release);
        }
    }

    /** Deletes {@code message} (one found by {@link #find}) from the DLQ. */
    void delete(Message message) {
        sqs.deleteMessage(b -> b.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
    }

    /**
     * Sends {@code message} (one found by {@link #find}) back to the message queue, body unchanged and with the
     * attributes the API gave it (not the router's reason attributes), then deletes it from the DLQ.
     *
     * @return the message id of the redriven copy
     */
    String redrive(Message message) {
        Map<String, MessageAttributeValue> attributes = message.messageAttributes().entrySet().stream()
                .filter(attribute -> !REASON_ATTRIBUTES.contains(attribute.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String messageId = sqs.sendMessage(
                        b -> b.queueUrl(queueUrl).messageBody(message.body()).messageAttributes(attributes))
                .messageId();
        delete(message);
        return messageId;
    }

    private void release(Message message) {
        sqs.changeMessageVisibility(b -> b.queueUrl(deadLetterQueueUrl)
                .receiptHandle(message.receiptHandle())
                .visibilityTimeout(0));
    }
}
