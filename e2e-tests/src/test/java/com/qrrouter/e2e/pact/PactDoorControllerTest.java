package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.dsl.MetadataBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.annotations.PactDirectory;
import com.qrrouter.schema.Examples;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer pact of a device with the router's MQTT delivery (a V4 asynchronous message pact): writes
 * {@code pacts/door-controller-qr-router-mqtt.json}, verified by {@code PactMqttDeliveryIT} against the router's real
 * publishing path. The body matchers say what a device reads of the payload; the metadata says which MQTT 5
 * properties of the publish it relies on (docs/api/asyncapi.yaml).
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(
        providerName = PactContract.MQTT_PROVIDER,
        providerType = ProviderType.ASYNCH,
        pactVersion = PactSpecVersion.V4)
@PactDirectory(PactContract.PACT_FOLDER)
class PactDoorControllerTest {

    /** The description a provider's {@code @PactVerifyProvider} method answers to. */
    static final String SCAN_DELIVERED = "a QR scan delivered on the client's topic";

    /** The client whose device this is (its route is set up by the provider state). */
    static final String DEVICE_CLIENT = "PactDoorController";

    static final String UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    private static final String EXAMPLE_REQUEST_ID = "c0ffee00-1234-4abc-9def-0123456789ab";

    @Pact(consumer = PactContract.DOOR_CONTROLLER)
    V4Pact scanDelivered(MessagePactBuilder builder) {
        return builder.given(PactContract.ROUTE_PRESENT, Map.of(PactContract.CLIENT_ID_PARAMETER, DEVICE_CLIENT))
                .expectsToReceive(SCAN_DELIVERED)
                .withMetadata(PactDoorControllerTest::mqtt5Properties)
                .withContent(scanBody())
                .toPact(V4Pact.class);
    }

    /** The MQTT 5 properties (and publish fields) a door controller relies on. */
    static void mqtt5Properties(MetadataBuilder metadata) {
        // Numbers as exact regexes: Pact compares a number read back from a pact file by type as well as value.
        metadata.add(DoorController.CONTENT_TYPE, "application/json")
                .matchRegex(DoorController.PAYLOAD_FORMAT_INDICATOR, "^1$", "1")
                .matchRegex(DoorController.QOS, "^1$", "1")
                .matchRegex(
                        DoorController.TOPIC,
                        "^qr-router/[A-Za-z0-9_-]+/([^/+#]+/)*" + DEVICE_CLIENT + "$",
                        "qr-router/stag/" + DEVICE_CLIENT)
                .matchRegex(DoorController.CORRELATION_DATA, UUID, EXAMPLE_REQUEST_ID)
                .matchRegex(DoorController.CORRELATION_ID_USER_PROPERTY, UUID, EXAMPLE_REQUEST_ID);
    }

    /** What a door controller reads of the payload: the scan's identity and its state (the seed sample's values). */
    static PactDslJsonBody scanBody() {
        Examples.Example seed = Examples.valid("01-seed-sample");
        return new PactDslJsonBody()
                .stringMatcher("ClientID", "^[A-Za-z0-9_.-]{1,64}$", DEVICE_CLIENT)
                .stringType("QRCode", seed.field("QRCode"))
                .stringMatcher("Time", "^[0-9]{8}T[0-9]{6}$", seed.field("Time"))
                .stringMatcher("STATE", "^(ACTIVE|INACTIVE|EXPIRED|BLOCKED)$", seed.field("STATE"));
    }

    @Test
    @PactTestFor(pactMethod = "scanDelivered")
    void read_whenScanIsDelivered_opensTheDoorAndKeepsTheCorrelationId(
            List<V4Interaction.AsynchronousMessage> messages) {
        V4Interaction.AsynchronousMessage message = messages.get(0);

        DoorController.Scan scan = DoorController.read(message.contentsAsBytes(), message.getMetadata());

        assertThat(scan.clientId()).isEqualTo(DEVICE_CLIENT);
        assertThat(scan.time()).isEqualTo(LocalDateTime.of(2023, 12, 1, 23, 10, 10));
        assertThat(scan.opensDoor()).isTrue();
        assertThat(scan.correlationId()).isEqualTo(EXAMPLE_REQUEST_ID);
    }
}
