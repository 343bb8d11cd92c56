package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every example of {@code schemas/examples} against the contract, and checks that {@link Examples} serves the
 * same files from the jar, with variations that change only what they name.
 */
class ExamplesTest {

    /**
     * The seed's sample message as DESIGN.md gives it, the one literal copy in the code: it pins
     * {@code 01-seed-sample.json}, which every other test and the local stack read through {@link Examples}.
     */
    static final String DESIGN_SEED_SAMPLE = "{\"ClientID\":\"DemoClient\",\"QRCode\":\"vwWT)Np=+6-vGzTiopED\","
            + "\"Time\":\"20231201T231010\",\"STATE\":\"ACTIVE\",\"LOCATION\":\"LT100LN200\","
            + "\"TEST\":\"demo message 26-09 - message 1\"}";

    static final Examples.Example SEED = Examples.valid("01-seed-sample");

    private static final QrMessageSchema SCHEMA = QrMessageSchema.v1();
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<ExampleFiles.Example> valid() {
        return ExampleFiles.valid();
    }

    static List<ExampleFiles.Example> invalid() {
        return ExampleFiles.invalid();
    }

    @Test
    void examples_whenListed_seedSampleIsFirstValidExampleByteForByte() {
        List<ExampleFiles.Example> valid = valid();

        assertThat(valid).hasSizeGreaterThanOrEqualTo(5);
        assertThat(valid.getFirst().name()).isEqualTo("01-seed-sample.json");
        assertThat(new String(valid.getFirst().body(), StandardCharsets.UTF_8)).isEqualTo(DESIGN_SEED_SAMPLE);
        assertThat(invalid()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(SEED.text()).isEqualTo(DESIGN_SEED_SAMPLE);
    }

    @Test
    void valid_whenEveryExampleFileIsAsked_servesItsExactBytesFromTheJar() {
        assertThat(Examples.validNames()).containsExactlyElementsOf(names(valid()));
        assertThat(Examples.invalidNames()).containsExactlyElementsOf(names(invalid()));
        for (ExampleFiles.Example file : valid()) {
            assertThat(Examples.valid(name(file)).bytes()).as(file.name()).isEqualTo(file.body());
        }
        for (ExampleFiles.Example file : invalid()) {
            assertThat(Examples.invalid(name(file)).bytes()).as(file.name()).isEqualTo(file.body());
        }
    }

    @Test
    void valid_whenNameIsUnknown_refusesListingTheNames() {
        assertThatThrownBy(() -> Examples.valid("01-seed-sample.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid example is named '01-seed-sample.json'")
                .hasMessageContaining("01-seed-sample, 02-required-only, ");
        assertThatThrownBy(() -> Examples.invalid("01-not-json.expected"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("01-not-json, 02-empty-body, ");
        assertThatThrownBy(() -> Examples.valid("../invalid/01-not-json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void text_whenExampleIsNotUtf8_refusesAndBytesServeIt() throws Exception {
        Examples.Example notUtf8 = Examples.invalid("04-not-utf8");

        assertThatThrownBy(notUtf8::text).hasMessageContaining("04-not-utf8 is not UTF-8 text: use bytes()");
        assertThat(notUtf8.bytes()).isEqualTo(Files.readAllBytes(ExampleFiles.INVALID.resolve("04-not-utf8.json")));
    }

    @Test
    void with_whenAMemberIsReplaced_changesOnlyThatMember() {
        assertThat(SEED.with("QRCode", "e2e+1=/x Zürich \"q\"").text())
                .isEqualTo(DESIGN_SEED_SAMPLE.replace("vwWT)Np=+6-vGzTiopED", "e2e+1=/x Zürich \\\"q\\\""));
        assertThat(SEED.with("ClientID", "Kiosk7")
                        .with("Time", "20240229T000000")
                        .text())
                .isEqualTo(DESIGN_SEED_SAMPLE
                        .replace("DemoClient", "Kiosk7")
                        .replace("20231201T231010", "20240229T000000"));
        assertThat(SEED.with("ClientID", "DemoClient").bytes()).isEqualTo(SEED.bytes());
        assertThat(SEED.with("QRCode", "x").name()).isEqualTo("01-seed-sample with QRCode");
        assertThat(Examples.valid("02-required-only")
                        .with("LOCATION", "LT100LN200")
                        .with("TEST", "demo message 26-09 - message 1")
                        .text())
                .as("a member the example lacks is added last")
                .isEqualTo(DESIGN_SEED_SAMPLE);
    }

    @Test
    void withJson_whenRawJsonIsGiven_putsItInAsItIs() {
        assertThat(SEED.withJson("QRCode", "\"A\\ud800\"").text())
                .isEqualTo(DESIGN_SEED_SAMPLE.replace("vwWT)Np=+6-vGzTiopED", "A\\ud800"));
        assertThat(SEED.withJson("LOCATION", "7").with("STATE", "NOPE").text())
                .isEqualTo(DESIGN_SEED_SAMPLE.replace("\"LT100LN200\"", "7").replace("ACTIVE", "NOPE"));
    }

    @Test
    void without_whenAMemberIsLeftOut_keepsTheOthersInOrder() {
        Examples.Example requiredOnly = Examples.valid("02-required-only");

        assertThat(requiredOnly.without("ClientID").text())
                .isEqualTo("{\"QRCode\":\"vwWT)Np=+6-vGzTiopED\",\"Time\":\"20231201T231010\",\"STATE\":\"ACTIVE\"}");
        assertThatThrownBy(() -> requiredOnly.without("TEST"))
                .hasMessageContaining("02-required-only has no member TEST")
                .hasMessageContaining("[ClientID, QRCode, Time, STATE]");
    }

    @Test
    void with_whenExampleIsNotCompact_refusesRatherThanRewriteIt() {
        for (String name : List.of("07-pretty-printed-any-order", "08-json-escapes-in-qr-code")) {
            assertThatThrownBy(() -> Examples.valid(name).with("QRCode", "x"))
                    .as(name)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(name + " is not written compactly");
        }
        assertThatThrownBy(() -> Examples.invalid("01-not-json").with("QRCode", "x"))
                .hasMessageContaining("01-not-json is not a JSON object");
    }

    @Test
    void field_whenAsked_givesTheStringValueOfAnyExample() {
        assertThat(SEED.field("QRCode")).isEqualTo("vwWT)Np=+6-vGzTiopED");
        assertThat(Examples.valid("07-pretty-printed-any-order").field("ClientID"))
                .isEqualTo("Kiosk-07.North_Gate");
        assertThatThrownBy(() -> SEED.field("Gate")).hasMessageContaining("01-seed-sample has no string member Gate");
    }

    private static String name(ExampleFiles.Example file) {
        return file.name().replaceFirst("\\.json$", "");
    }

    private static List<String> names(List<ExampleFiles.Example> files) {
        return files.stream().map(ExamplesTest::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validate_whenValidExample_acceptsAndParsesEveryField(ExampleFiles.Example example) throws Exception {
        ValidationResult result = SCHEMA.validate(example.body());

        assertThat(result.errors()).as(example.name()).isEmpty();
        QrMessage message = result.message().orElseThrow();
        JsonNode tree = JSON.readTree(example.body());
        assertThat(message.clientId()).isEqualTo(tree.path("ClientID").asText());
        assertThat(message.qrCode()).isEqualTo(tree.path("QRCode").asText());
        assertThat(message.time()).isEqualTo(tree.path("Time").asText());
        assertThat(message.state()).isEqualTo(tree.path("STATE").asText());
        assertThat(message.location())
                .isEqualTo(tree.has("LOCATION") ? tree.get("LOCATION").asText() : null);
        assertThat(message.test()).isEqualTo(tree.has("TEST") ? tree.get("TEST").asText() : null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void validate_whenInvalidExample_producesExactlyTheDocumentedErrors(ExampleFiles.Example example) {
        ValidationResult result = SCHEMA.validate(example.body());

        assertThat(result.isValid()).as(example.name()).isFalse();
        assertThat(result.message()).isEmpty();
        assertThat(result.errors())
                .as(example.name() + " gave " + result.errors())
                .extracting(e -> new ExampleFiles.Expected(e.code(), e.pointer()))
                .containsExactlyElementsOf(example.expected());
        assertThat(result.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void validate_whenInvalidExample_neverEchoesTheQrCode(ExampleFiles.Example example) {
        String body = new String(example.body(), StandardCharsets.UTF_8);
        ValidationResult result = SCHEMA.validate(example.body());

        for (String secret : List.of("vwWT)Np=+6-vGzTiopED", "vwWT", "12345", "qqqqqqqq", "\uD83D\uDE42")) {
            if (body.contains(secret)) {
                assertThat(result.errors())
                        .allSatisfy(e -> assertThat(e.message() + e.pointer()).doesNotContain(secret));
            }
        }
    }
}
