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
import software.amazon.awssdk.services.sqs.model.Message;

/** Builds SQS events: from the JSON fixtures under {@code src/test/resources/events/} or from bodies. */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Examples.Example SEED_SAMPLE = Examples.valid("01-seed-sample");

    private SqsEvents() {}

    /**
     * Loads an SQS event in the Lambda JSON format from the test classpath, e.g. {@code events/seed-message.json}; an
     * attribute value {@value #NOW_PLACEHOLDER} becomes the current epoch milliseconds (the fixtures' AcceptedAt).
     */
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
                    String value = entry.getValue().path("stringValue").asText();
                    attribute.setStringValue(
                            NOW_PLACEHOLDER.equals(value) ? Long.toString(System.currentTimeMillis()) : value);
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

    /** The team of the records built here (the local stack's demo team, allowed on the fixtures' routes). */
    public static final String DEMO_TEAM = "demo-team";

    /** Value of {@code AcceptedAt} in a JSON fixture that {@link #load} replaces with the current time. */
    public static final String NOW_PLACEHOLDER = "${now}";

    /**
     * One SQS record as the API integration sends it: posted by {@link #DEMO_TEAM}, accepted now, first receive, with
     * a receipt handle.
     */
    public static SQSEvent.SQSMessage record(String messageId, String body, String correlationId, String clientId) {
        return record(messageId, body, correlationId, clientId, DEMO_TEAM, System.currentTimeMillis());
    }

    /**
     * One SQS record as the API integration sends it.
     *
     * @param callerTeam the {@code CallerTeam} attribute, or {@code null} for none
     * @param acceptedAtMillis the {@code AcceptedAt} attribute (epoch ms), or {@code null} for none
     */
    public static SQSEvent.SQSMessage record(
            String messageId,
            String body,
            String correlationId,
            String clientId,
            String callerTeam,
            Long acceptedAtMillis) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(messageId);
        record.setReceiptHandle("receipt-" + messageId);
        record.setBody(body);
        record.setAttributes(new HashMap<>(Map.of("ApproximateReceiveCount", "1")));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        if (correlationId != null) {
            attributes.put(MessageAttributes.CORRELATION_ID, stringAttribute(correlationId));
        }
        if (clientId != null) {
            attributes.put(MessageAttributes.CLIENT_ID, stringAttribute(clientId));
        }
        if (callerTeam != null) {
            attributes.put(MessageAttributes.CALLER_TEAM, stringAttribute(callerTeam));
        }
        if (acceptedAtMillis != null) {
            SQSEvent.MessageAttribute acceptedAt = new SQSEvent.MessageAttribute();
            acceptedAt.setDataType("Number");
            acceptedAt.setStringValue(Long.toString(acceptedAtMillis));
            attributes.put(MessageAttributes.ACCEPTED_AT, acceptedAt);
        }
        record.setMessageAttributes(attributes);
        return record;
    }

    /**
     * A message received from a real queue (ElasticMQ) as the event source hands it to the function: its receipt
     * handle, system attributes (ApproximateReceiveCount) and message attributes, as on a DLQ redrive.
     */
    public static SQSEvent.SQSMessage received(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        Map<String, String> system = new HashMap<>();
        message.attributesAsStrings().forEach(system::put);
        record.setAttributes(system);
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(value.dataType());
            attribute.setStringValue(value.stringValue());
            attributes.put(name, attribute);
        });
        record.setMessageAttributes(attributes);
        return record;
    }

    /** Sets a record's {@code ApproximateReceiveCount}. */
    public static SQSEvent.SQSMessage receivedTimes(SQSEvent.SQSMessage record, int receiveCount) {
        record.getAttributes().put("ApproximateReceiveCount", Integer.toString(receiveCount));
        return record;
    }

    /** Adds a String message attribute to a record (e.g. the FailureCode of a redriven message). */
    public static SQSEvent.SQSMessage withAttribute(SQSEvent.SQSMessage record, String name, String value) {
        record.getMessageAttributes().put(name, stringAttribute(value));
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
