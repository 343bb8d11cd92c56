package com.qrrouter.router.internal;

import com.qrrouter.router.MessagePublisher;
import com.qrrouter.router.MqttMessage;
import com.qrrouter.settings.PipelineSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.PayloadFormatIndicator;
import software.amazon.awssdk.services.iotdataplane.model.PublishRequest;

/**
 * Publishes through the AWS IoT Core data plane ({@code iot:Publish}) with QoS 1. The body goes unchanged; metadata
 * goes as MQTT 5 properties: content type {@code application/json}, payload format UTF-8, the correlation id as
 * correlation data and as user property {@code correlationId}, and the message expiry (the time the scan has left), so
 * that a device session that was offline past it never receives the scan.
 */
public final class IotDataPlanePublisher implements MessagePublisher {

    /** MQTT 5 user property carrying the correlation id (the API request id). */
    public static final String CORRELATION_ID_USER_PROPERTY = "correlationId";

    private final IotDataPlaneClient iot;

    public IotDataPlanePublisher(IotDataPlaneClient iot) {
        this.iot = Objects.requireNonNull(iot, "iot");
    }

    @Override
    public void publish(MqttMessage message) {
        PublishRequest.Builder request = PublishRequest.builder()
                .topic(message.topic())
                .qos(PipelineSettings.PUBLISH_QOS)
                .retain(false)
                .payload(SdkBytes.fromByteArrayUnsafe(message.payload()))
                .contentType(MqttMessage.CONTENT_TYPE)
                .payloadFormatIndicator(PayloadFormatIndicator.UTF8_DATA);
        if (message.messageExpiry() != null) {
            request.messageExpiry(message.messageExpiry().toSeconds());
        }
        if (message.correlationId() != null && !message.correlationId().isEmpty()) {
            request.correlationData(Base64.getEncoder()
                            .encodeToString(message.correlationId().getBytes(StandardCharsets.UTF_8)))
                    .userProperties("[{\"" + CORRELATION_ID_USER_PROPERTY + "\":\""
                            + jsonEscape(message.correlationId()) + "\"}]");
        }
        iot.publish(request.build());
    }

    static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
