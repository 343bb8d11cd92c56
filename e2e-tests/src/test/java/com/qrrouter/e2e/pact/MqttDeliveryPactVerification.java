package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.schema.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verifies the message pacts of devices against the router's real publishing path on the local stack: a fresh scan
 * is posted through the API front (token, SQS with its {@code CorrelationId} attribute, the event source, the
 * deployable router jar in its own JVM), and the message under test is what the router handed to the IoT data plane
 * for it, as {@link IotDataPlaneEndpoint} recorded it: the body bytes, and the MQTT 5 properties from the query and
 * the {@code x-amz-mqtt5-*} headers (the names a device sees, {@link DoorController}'s keys).
 */
abstract class MqttDeliveryPactVerification {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper();

    private String clientId;

    ProviderStage stage() {
        return ProviderStage.local();
    }

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new MessageTestTarget(List.of(MqttDeliveryPactVerification.class.getPackageName())));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void verify_whenRouterPublishesAScan_deliversWhatTheDeviceReads(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State(PactContract.ROUTE_PRESENT)
    void routePresent(Map<String, Object> parameters) {
        clientId = ApiPactVerification.clientId(parameters);
        stage().putRoute(clientId);
    }

    /** A new scan (so idempotency lets it through) posted for the routed client, as the router publishes it. */
    @PactVerifyProvider(PactDoorControllerTest.SCAN_DELIVERED)
    public MessageAndMetadata scanDelivered() {
        String qrCode = "pact-" + UUID.randomUUID() + ")=+/";
        byte[] scan = Examples.valid("01-seed-sample")
                .with("ClientID", clientId)
                .with("QRCode", qrCode)
                .with("Time", ZonedDateTime.now(ZoneOffset.UTC).format(TIME))
                .bytes();
        ProviderStage stage = stage();
        ScanPoster poster = new ScanPoster(stage.tokenUri(), stage.apiUri(), stage.clientId(), stage.clientSecret());
        assertThat(poster.post(poster.token(), scan)).isInstanceOf(ScanPoster.Queued.class);

        String topic = stage.routedTopicPrefix() + clientId;
        IotDataPlaneEndpoint.Publish publish = await().atMost(DELIVERY)
                .until(
                        () -> stage.localStack().iotData().publishes().stream()
                                .filter(p -> p.topic().equals(topic)
                                        && new String(p.payload(), StandardCharsets.UTF_8).contains(qrCode))
                                .findFirst()
                                .orElse(null),
                        p -> p != null);
        return new MessageAndMetadata(publish.payload(), deviceView(publish));
    }

    /** The MQTT 5 properties and publish fields of a data-plane publish, as an MQTT 5 device receives them. */
    static Map<String, Object> deviceView(IotDataPlaneEndpoint.Publish publish) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(DoorController.TOPIC, publish.topic());
        metadata.put(DoorController.QOS, publish.qos());
        publish.contentType().ifPresent(value -> metadata.put(DoorController.CONTENT_TYPE, value));
        // The SDK sends the enum name; on the wire (and to a device) it is the MQTT 5 byte: UTF8_DATA = 1.
        publish.payloadFormatIndicator()
                .ifPresent(value ->
                        metadata.put(DoorController.PAYLOAD_FORMAT_INDICATOR, "UTF8_DATA".equals(value) ? 1 : 0));
        publish.correlationData().ifPresent(value -> metadata.put(DoorController.CORRELATION_DATA, value));
        publish.userProperties()
                .ifPresent(json ->
                        userProperties(json).forEach((name, value) -> metadata.put("userProperty." + name, value)));
        return metadata;
    }

    /** {@code [{"name":"value"},…]}, the data plane's user-properties header. */
    private static Map<String, String> userProperties(String json) {
        Map<String, String> properties = new LinkedHashMap<>();
        try {
            for (JsonNode pair : JSON.readTree(json)) {
                pair.fields()
                        .forEachRemaining(field ->
                                properties.put(field.getKey(), field.getValue().asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The user properties header is not JSON", e);
        }
        return properties;
    }
}
