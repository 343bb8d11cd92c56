package com.qrrouter.router.fakes;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.schema.Examples;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds SQS events: from the JSON fixtures under {@code src/test/resources/events/} or from bodies. */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Examples.Example SEED_SAMPLE = Examples.valid("01-seed-sample");

    private SqsEvents() {}

    /** Loads an SQS event in the Lambda JSON format from the test classpath, e.g. {@code events/seed-message.json}. */
    public static SQSEvent load(String resource) {
        try (InputStream in = SqsEvents.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return parse(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SQSEvent parse(JsonNode root) {
        {
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (JsonNode node : root.path("Records")) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(node.path("messageId").asText());
                record.setReceiptHandle(node.path("receiptHandle").asText());
                record.setBody(
                        node.path("body").isNull() ? null : node.path("body").asText());
                record.setEventSource(node.path("eventSource").asText());
                record.setEventSourceArn(node.path("eventSourceARN").asText());
                Map<String, String> systemAttributes = new HashMap<>();
                node.path("attributes")
                        .properties()
                        .forEach(entry -> systemAttributes.put(
                                entry.getKey(), entry.getValue().asText()));
                record.setAttributes(systemAttributes);
                Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
                node.path("messageAttributes").properties().forEach(entry -> {
                    SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                    attribute.setDataType(entry.getValue().path("dataType").asText());
                    attribute.setStringValue(
                            entry.getValue().path("stringValue").asText());
                    attributes.put(entry.getKey(), attribute);
                });
                record.setMessageAttributes(attributes);
                records.add(record);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            return event;
        }
    }

    /** One SQS record as the API integration sends it. */
    public static SQSEvent.SQSMessage record(String messageId, String body, String correlationId, String clientId) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(messageId);
        record.setBody(body);
        record.setAttributes(new HashMap<>(Map.of("ApproximateReceiveCount", "1")));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        if (correlationId != null) {
            attributes.put(MessageAttributes.CORRELATION_ID, stringAttribute(correlationId));
        }
        if (clientId != null) {
            attributes.put(MessageAttributes.CLIENT_ID, stringAttribute(clientId));
        }
        record.setMessageAttributes(attributes);
        return record;
    }

    public static SQSEvent event(List<SQSEvent.SQSMessage> records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(records));
        return event;
    }

    public static SQSEvent event(SQSEvent.SQSMessage... records) {
        return event(List.of(records));
    }

    /**
     * A valid QR message body: the seed sample ({@code schemas/examples}) with this {@code ClientID} and QR code (vary
     * the QR code to make each a different scan).
     */
    public static String body(String clientId, String qrCode) {
        return SEED_SAMPLE.with("ClientID", clientId).with("QRCode", qrCode).text();
    }

    private static SQSEvent.MessageAttribute stringAttribute(String value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue(value);
        return attribute;
    }
}
