package com.qrrouter.local.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * SQS's event as Lambda's SQS event source sends it to a function, and the function's partial batch response as the
 * event source reads it (AWS Lambda developer guide, "Using Lambda with Amazon SQS" and "Handling errors for an SQS
 * event source"), both as JSON through Jackson.
 */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvents() {}

    /**
     * The event for {@code messages} as {@code ReceiveMessage} returned them (with every system and message attribute
     * asked for): {@code {"Records":[…]}}, one record per message in order (a message given twice is two records),
     * each with {@code messageId}, {@code receiptHandle}, {@code body}, {@code attributes} (the system attributes,
     * as strings), {@code messageAttributes} ({@code stringValue} or {@code binaryValue} in base64,
     * {@code stringListValues}, {@code binaryListValues}, {@code dataType}), {@code md5OfMessageAttributes} (when the
     * message has attributes), {@code md5OfBody}, {@code eventSource} ({@code aws:sqs}), {@code eventSourceARN} and
     * {@code awsRegion}.
     */
    public static String event(List<Message> messages, String queueArn, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> entry :
                    message.messageAttributes().entrySet()) {
                messageAttributes.set(entry.getKey(), messageAttribute(entry.getValue()));
            }
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An SQS event could not be written as JSON", e);
        }
    }

    private static ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode attribute = JSON.createObjectNode();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", value.binaryValue().asByteArray());
        }
        ArrayNode strings = attribute.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = attribute.putArray("binaryListValues");
        value.binaryListValues().forEach(binary -> binaries.add(binary.asByteArray()));
        attribute.put("dataType", value.dataType());
        return attribute;
    }

    /**
     * What the event source makes of a function's answer to a batch of {@code batchIds}: the ids to keep (retry), or,
     * if the answer is not a valid partial batch response, a failure of the whole batch.
     *
     * @param failedIds the {@code itemIdentifier}s of {@code batchItemFailures}, when valid
     * @param invalidReason why the whole batch fails, or {@code null}
     */
    public record BatchResponse(List<String> failedIds, String invalidReason) {

        public BatchResponse {
            failedIds = List.copyOf(failedIds);
        }

        /** False when the event source must treat the answer as a failure of the whole batch. */
        public boolean valid() {
            return invalidReason == null;
        }
    }

    /**
     * Reads a function's answer as Lambda's event source does with {@code ReportBatchItemFailures}: a complete success
     * if the answer is empty, {@code null}, or has an empty or null {@code batchItemFailures}; a complete failure if it
     * is not JSON, or an entry has no, a null or an empty {@code itemIdentifier}, or one that is not in the batch;
     * otherwise the ids listed fail and the others are done.
     */
    public static BatchResponse batchResponse(String response, Set<String> batchIds) {
        if (response == null || response.isBlank()) {
            return new BatchResponse(List.of(), null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response);
        } catch (JsonProcessingException e) {
            return new BatchResponse(List.of(), "the answer is not JSON");
        }
        JsonNode failures = answer == null ? null : answer.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return new BatchResponse(List.of(), null);
        }
        if (!failures.isArray()) {
            return new BatchResponse(List.of(), "batchItemFailures is not a list");
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                return new BatchResponse(List.of(), "an entry of batchItemFailures has no itemIdentifier");
            }
            if (!batchIds.contains(id.asText())) {
                return new BatchResponse(List.of(), "itemIdentifier " + id.asText() + " is not in the batch");
            }
            failed.add(id.asText());
        }
        return new BatchResponse(failed, null);
    }
}
