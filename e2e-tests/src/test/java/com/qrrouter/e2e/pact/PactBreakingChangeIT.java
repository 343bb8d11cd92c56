package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Proof that the verification catches a breaking change: device pacts that read something the router does not send
 * (written with the same DSL as {@link PactDoorControllerTest}, into {@code target/pacts-breaking-change}) are
 * verified against the router's real publishing path by the same verification as {@link PactMqttDeliveryIT}, run
 * here through the JUnit Platform, and each must fail, naming what is missing.
 */
class PactBreakingChangeIT {

    private static final String FOLDER = "target/pacts-breaking-change";

    @Test
    void verify_whenDeviceReadsWhatTheRouterDoesNotSend_failsNamingIt() throws IOException {
        clear(Path.of(FOLDER));
        // A device that reads a payload field the contract does not have (as if the schema had dropped it).
        write(new MessagePactBuilder(PactSpecVersion.V4)
                .consumer("door-controller-reading-gate")
                .hasPactWith(PactContract.MQTT_PROVIDER)
                .given(
                        PactContract.ROUTE_PRESENT,
                        Map.of(PactContract.CLIENT_ID_PARAMETER, PactDoorControllerTest.DEVICE_CLIENT))
                .expectsToReceive(PactDoorControllerTest.SCAN_DELIVERED)
                .withMetadata(PactDoorControllerTest::mqtt5Properties)
                .withContent(PactDoorControllerTest.scanBody().stringType("Gate", "North-2"))
                .toPact(V4Pact.class));
        // A device that relies on an MQTT 5 property the router does not set.
        write(new MessagePactBuilder(PactSpecVersion.V4)
                .consumer("door-controller-reading-expiry")
                .hasPactWith(PactContract.MQTT_PROVIDER)
                .given(
                        PactContract.ROUTE_PRESENT,
                        Map.of(PactContract.CLIENT_ID_PARAMETER, PactDoorControllerTest.DEVICE_CLIENT))
                .expectsToReceive(PactDoorControllerTest.SCAN_DELIVERED)
                .withMetadata(metadata -> {
                    PactDoorControllerTest.mqtt5Properties(metadata);
                    metadata.integerType("messageExpiryInterval", 60);
                })
                .withContent(PactDoorControllerTest.scanBody())
                .toPact(V4Pact.class));

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BreakingPacts.class))
                .execute();

        List<String> failures = results.testEvents().failed().stream()
                .map(PactBreakingChangeIT::failureText)
                .toList();
        assertThat(results.testEvents().succeeded().count()).isZero();
        assertThat(failures).hasSize(2);
        assertThat(failures).anySatisfy(failure -> assertThat(failure).contains("Gate"));
        assertThat(failures).anySatisfy(failure -> assertThat(failure).contains("messageExpiryInterval"));
    }

    private static String failureText(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)
                .orElse("");
    }

    private static void write(V4Pact pact) {
        pact.write(FOLDER, PactSpecVersion.V4);
    }

    private static void clear(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The real message verification, reading the breaking pacts only; run by the test above, never on its own. */
    @Provider(PactContract.MQTT_PROVIDER)
    @PactFolder(FOLDER)
    static class BreakingPacts extends MqttDeliveryPactVerification {}
}
