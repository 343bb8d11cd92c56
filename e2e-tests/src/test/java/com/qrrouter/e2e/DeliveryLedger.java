package com.qrrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * An account of what happened to every message the API accepted: its scan seen by a real MQTT subscriber (how often,
 * byte for byte), or the message found in the DLQ (how often, with which {@code FailureCode}). Scans are told apart by
 * their QR code, which every case makes unique; messages by the SQS message id the API answered with (the DLQ's
 * {@code OriginalMessageId}). The promise it checks: every accepted message delivered or parked, no scan published
 * twice, no message parked twice.
 */
final class DeliveryLedger {

    /** What one case came to. */
    record Account(
            String name,
            int accepted,
            int scans,
            int delivered,
            int parked,
            Map<String, Integer> parkedByCode,
            int lost,
            int publishDuplicates,
            int mqttDuplicates,
            int deadLetterDuplicates,
            int corrupted,
            int deliveredAndParked) {

        /** Scans the router published twice, and messages it parked twice. */
        int duplicates() {
            return publishDuplicates + deadLetterDuplicates;
        }

        /** Receptions on MQTT beyond the publishes: QoS 1 redeliveries by the broker to the device. */
        int mqttRedeliveries() {
            return Math.max(0, mqttDuplicates - publishDuplicates);
        }

        String line() {
            return String.format(
                    "%-30s accepted=%4d scans=%4d delivered=%4d parked=%3d %s lost=%d duplicates: published=%d"
                            + " mqtt=%d dlq=%d corrupted=%d deliveredAndParked=%d",
                    name,
                    accepted,
                    scans,
                    delivered,
                    parked,
                    parkedByCode,
                    lost,
                    publishDuplicates,
                    mqttDuplicates,
                    deadLetterDuplicates,
                    corrupted,
                    deliveredAndParked);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    /** QR code → the body posted. */
    private final Map<String, byte[]> scans = new ConcurrentHashMap<>();
    /** SQS message id → QR code. */
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    /** SQS message id → the FailureCode of each DLQ copy ("none" when it exhausted its retries). */
    private final Map<String, List<String>> parked = new ConcurrentHashMap<>();

    DeliveryLedger(String name) {
        this.name = name;
    }

    /** The API answered 200 with {@code messageId} for this scan. */
    void accepted(String messageId, String qrCode, byte[] body) {
        scans.put(qrCode, body);
        messages.put(messageId, qrCode);
    }

    /**
     * Reads the DLQ and takes out (deletes) the messages of this ledger, noting their {@code FailureCode}; leaves every
     * other message alone.
     */
    void drainDeadLetters(SqsClient sqs, String deadLetterQueueUrl) {
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .visibilityTimeout(5)
                            .messageAttributeNames("All"))
                    .messages();
            boolean ours = false;
            for (Message message : batch) {
                MessageAttributeValue original = message.messageAttributes().get(MessageAttributes.ORIGINAL_MESSAGE_ID);
                String messageId = original == null ? message.messageId() : original.stringValue();
                if (!messages.containsKey(messageId)) {
                    continue;
                }
                ours = true;
                MessageAttributeValue code = message.messageAttributes().get(MessageAttributes.FAILURE_CODE);
                parked.computeIfAbsent(messageId, key -> new ArrayList<>())
                        .add(code == null ? "none" : code.stringValue());
                sqs.deleteMessage(b -> b.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
            }
            if (!ours) {
                return;
            }
        }
    }

    /** True once every accepted message was parked or its scan delivered. */
    boolean settled(MqttSubscriber device) {
        Map<String, Integer> seen = deliveries(device);
        return messages.entrySet().stream()
                .allMatch(message -> parked.containsKey(message.getKey()) || seen.containsKey(message.getValue()));
    }

    /**
     * @param published the payloads the router handed to IoT Core (the IoT data-plane endpoint's record), to tell a
     *     second publish from a broker's QoS 1 redelivery
     */
    Account account(MqttSubscriber device, List<byte[]> published) {
        Map<String, Integer> seen = deliveries(device);
        Map<String, Integer> publishes = new TreeMap<>();
        for (byte[] payload : published) {
            String qrCode = qrCodeOf(payload);
            if (qrCode != null && scans.containsKey(qrCode)) {
                publishes.merge(qrCode, 1, Integer::sum);
            }
        }
        int publishDuplicates =
                publishes.values().stream().mapToInt(times -> times - 1).sum();
        int lost = 0;
        int parkedMessages = 0;
        int deadLetterDuplicates = 0;
        Map<String, Integer> byCode = new TreeMap<>();
        for (Map.Entry<String, String> message : messages.entrySet()) {
            List<String> copies = parked.getOrDefault(message.getKey(), List.of());
            if (!copies.isEmpty()) {
                parkedMessages++;
                deadLetterDuplicates += copies.size() - 1;
                byCode.merge(copies.get(0), 1, Integer::sum);
            } else if (!seen.containsKey(message.getValue())) {
                lost++;
            }
        }
        int mqttDuplicates = seen.values().stream().mapToInt(times -> times - 1).sum();
        int deliveredAndParked = (int) messages.entrySet().stream()
                .filter(message -> parked.containsKey(message.getKey()) && seen.containsKey(message.getValue()))
                .count();
        return new Account(
                name,
                messages.size(),
                scans.size(),
                seen.size(),
                parkedMessages,
                byCode,
                lost,
                publishDuplicates,
                mqttDuplicates,
                deadLetterDuplicates,
                corrupted(device),
                deliveredAndParked);
    }

    /** Times each scan of this ledger was received on MQTT, counted only if the bytes are the posted ones. */
    private Map<String, Integer> deliveries(MqttSubscriber device) {
        Map<String, Integer> seen = new TreeMap<>();
        for (MqttSubscriber.Received received : device.received()) {
            String qrCode = qrCodeOf(received.payload());
            if (qrCode != null && Arrays.equals(scans.get(qrCode), received.payload())) {
                seen.merge(qrCode, 1, Integer::sum);
            }
        }
        return seen;
    }

    /** Messages of this ledger's scans that reached MQTT with other bytes than were posted. */
    private int corrupted(MqttSubscriber device) {
        return (int) device.received().stream()
                .filter(received -> {
                    String qrCode = qrCodeOf(received.payload());
                    return qrCode != null
                            && scans.containsKey(qrCode)
                            && !Arrays.equals(scans.get(qrCode), received.payload());
                })
                .count();
    }

    private static String qrCodeOf(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
            return node != null && node.hasNonNull("QRCode")
                    ? node.get("QRCode").asText()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }
}
