package com.qrrouter.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record of SQS's event as a fake function behind the event source reads it: the JSON fields Lambda sends, by
 * Lambda's names ({@code eventSourceARN}, {@code messageAttributes.*.stringValue}, …).
 */
record EventRecord(
        String messageId,
        String receiptHandle,
        String body,
        String md5OfBody,
        String eventSource,
        String eventSourceArn,
        String awsRegion,
        Map<String, String> attributes,
        Map<String, Attribute> messageAttributes) {

    /** A message attribute: its data type and string value. */
    record Attribute(String dataType, String stringValue) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The records of an event. */
    static List<EventRecord> parse(String event) {
        JsonNode tree;
        try {
            tree = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw new AssertionError("The event is not JSON: " + event, e);
        }
        List<EventRecord> records = new ArrayList<>();
        for (JsonNode record : tree.path("Records")) {
            Map<String, String> attributes = new LinkedHashMap<>();
            record.path("attributes")
                    .properties()
                    .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            Map<String, Attribute> messageAttributes = new LinkedHashMap<>();
            record.path("messageAttributes")
                    .properties()
                    .forEach(e -> messageAttributes.put(
                            e.getKey(),
                            new Attribute(
                                    e.getValue().path("dataType").asText(),
                                    e.getValue().path("stringValue").asText())));
            records.add(new EventRecord(
                    record.path("messageId").asText(),
                    record.path("receiptHandle").asText(),
                    record.path("body").asText(),
                    record.path("md5OfBody").asText(),
                    record.path("eventSource").asText(),
                    record.path("eventSourceARN").asText(),
                    record.path("awsRegion").asText(),
                    attributes,
                    messageAttributes));
        }
        return records;
    }

    /** A partial batch response naming {@code failedIds}, as the router's handler answers. */
    static String batchResponse(List<String> failedIds) {
        var response = JSON.createObjectNode();
        var failures = response.putArray("batchItemFailures");
        failedIds.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return response.toString();
    }
}
