package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.OptionalBody;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.provider.BodyComparisonResult;
import au.com.dius.pact.provider.ComparisonResult;
import au.com.dius.pact.provider.ResponseComparison;
import com.qrrouter.schema.Examples;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Devices ignore properties they do not know (docs/api/asyncapi.yaml, docs/integration-guide.md): a minor revision of
 * the contract may add an optional property, and the door controller's message pact ({@link PactDoorControllerTest},
 * the same interaction, built here without writing the pact file) keeps passing. The message is compared as the
 * provider verification compares it ({@code ResponseComparison.compareMessage}), and read by {@link DoorController}.
 */
class DoorControllerUnknownPropertiesTest {

    private static final V4Interaction.AsynchronousMessage SCAN_DELIVERED = new PactDoorControllerTest()
            .scanDelivered(new MessagePactBuilder(PactSpecVersion.V4)
                    .consumer(PactContract.DOOR_CONTROLLER)
                    .hasPactWith(PactContract.MQTT_PROVIDER))
            .getInteractions()
            .get(0)
            .asAsynchronousMessage();

    @Test
    void read_whenAMinorRevisionAddsAnOptionalProperty_matchesThePactAndReadsTheSameScan() {
        byte[] withAddedProperty = seedFor(PactDoorControllerTest.DEVICE_CLIENT)
                .with("GATE", "North-2")
                .bytes();

        assertThat(bodyMismatches(withAddedProperty)).isEmpty();
        assertThat(DoorController.read(withAddedProperty, SCAN_DELIVERED.getMetadata()))
                .isEqualTo(DoorController.read(SCAN_DELIVERED.contentsAsBytes(), SCAN_DELIVERED.getMetadata()));
    }

    @Test
    void bodyMismatches_whenAPropertyTheDeviceReadsIsMissing_reportsIt() {
        byte[] withoutState =
                seedFor(PactDoorControllerTest.DEVICE_CLIENT).without("STATE").bytes();

        assertThat(bodyMismatches(withoutState)).anySatisfy(m -> assertThat(m).contains("STATE"));
    }

    private static Examples.Example seedFor(String clientId) {
        return Examples.valid("01-seed-sample").with("ClientID", clientId);
    }

    private static List<String> bodyMismatches(byte[] body) {
        ComparisonResult result = ResponseComparison.Companion.compareMessage(
                SCAN_DELIVERED, OptionalBody.body(body, ContentType.Companion.getJSON()), SCAN_DELIVERED.getMetadata());
        assertThat(result.getBodyMismatches().errorValue())
                .as("body type mismatch")
                .isNull();
        BodyComparisonResult comparison = result.getBodyMismatches().get();
        return comparison.getMismatches().values().stream()
                .flatMap(Collection::stream)
                .map(mismatch -> mismatch.getPath() + ": " + mismatch.getMismatch())
                .toList();
    }
}
