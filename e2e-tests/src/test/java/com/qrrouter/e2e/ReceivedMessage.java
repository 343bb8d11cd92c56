package com.qrrouter.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One message a device received. The MQTT 5 properties are null when the broker speaks only MQTT 3.1.1.
 *
 * @param topic the topic it was published to
 * @param payload the bytes as received
 * @param qos the QoS of the delivery
 * @param contentType MQTT 5 content type
 * @param payloadFormatUtf8 MQTT 5 payload format indicator: true for UTF-8 text
 * @param correlationData MQTT 5 correlation data
 * @param userProperties MQTT 5 user properties, in order
 */
record ReceivedMessage(
        String topic,
        byte[] payload,
        int qos,
        String contentType,
        Boolean payloadFormatUtf8,
        byte[] correlationData,
        List<Map.Entry<String, String>> userProperties) {

    /** Whether this is exactly {@code body}. */
    boolean is(byte[] body) {
        return Arrays.equals(payload, body);
    }

    /** A description without the payload, which holds a QR code. */
    @Override
    public String toString() {
        return "ReceivedMessage[topic=" + topic + ", bytes=" + payload.length + ", qos=" + qos + ", contentType="
                + contentType + ", userProperties=" + userProperties + "]";
    }
}
