package com.qrrouter.e2e.pact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * The consumer side of the MQTT message pact: what a device (a door controller) reads of a message delivered on its
 * topic (docs/integration-guide.md section 5, docs/api/asyncapi.yaml). It relies on the MQTT 5 properties as much as
 * on the payload: it refuses a message that is not declared UTF-8 JSON, and quotes the correlation id when it reports
 * a problem. The metadata keys are how {@code PactMqttDeliveryIT} names the properties of a publish.
 */
final class DoorController {

    /** Metadata keys of the message pact, one per MQTT 5 property (or publish field) the device relies on. */
    static final String CONTENT_TYPE = "contentType";

    static final String PAYLOAD_FORMAT_INDICATOR = "payloadFormatIndicator";
    static final String CORRELATION_DATA = "correlationData";
    static final String CORRELATION_ID_USER_PROPERTY = "userProperty.correlationId";
    static final String QOS = "qos";
    static final String TOPIC = "topic";

    /** What the controller acts on. */
    enum State {
        ACTIVE,
        INACTIVE,
        EXPIRED,
        BLOCKED
    }

    /** One scan as the controller understands it. */
    record Scan(String clientId, String qrCode, LocalDateTime time, State state, String correlationId) {

        /** Only an active code opens the door. */
        boolean opensDoor() {
            return state == State.ACTIVE;
        }

        @Override
        public String toString() {
            return "Scan[clientId=" + clientId + ", time=" + time + ", state=" + state + ", correlationId="
                    + correlationId + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    private DoorController() {}

    /**
     * Reads a delivered message.
     *
     * @throws IllegalArgumentException if the message is not one the controller can act on
     */
    static Scan read(byte[] payload, Map<String, ?> metadata) {
        if (!"application/json".equals(String.valueOf(metadata.get(CONTENT_TYPE)))) {
            throw new IllegalArgumentException("Not a JSON message: content type " + metadata.get(CONTENT_TYPE));
        }
        if (!"1".equals(String.valueOf(metadata.get(PAYLOAD_FORMAT_INDICATOR)))) {
            throw new IllegalArgumentException(
                    "Not declared UTF-8 (payload format indicator " + metadata.get(PAYLOAD_FORMAT_INDICATOR) + ")");
        }
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("The payload is not JSON", e);
        }
        return new Scan(
                required(json, "ClientID"),
                required(json, "QRCode"),
                LocalDateTime.parse(required(json, "Time"), TIME),
                State.valueOf(required(json, "STATE")),
                Objects.toString(metadata.get(CORRELATION_DATA), null));
    }

    private static String required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("The message has no " + field);
        }
        return value.asText();
    }
}
