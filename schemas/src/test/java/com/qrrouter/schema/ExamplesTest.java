package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every example of {@code schemas/examples} against the contract. */
class ExamplesTest {

    static final String SEED = "{\"ClientID\":\"DemoClient\",\"QRCode\":\"vwWT)Np=+6-vGzTiopED\","
            + "\"Time\":\"20231201T231010\",\"STATE\":\"ACTIVE\",\"LOCATION\":\"LT100LN200\","
            + "\"TEST\":\"demo message 26-09 - message 1\"}";

    private static final QrMessageSchema SCHEMA = QrMessageSchema.v1();
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Examples.Example> valid() {
        return Examples.valid();
    }

    static List<Examples.Example> invalid() {
        return Examples.invalid();
    }

    @Test
    void examples_whenListed_seedSampleIsFirstValidExampleByteForByte() {
        List<Examples.Example> valid = valid();

        assertThat(valid).hasSizeGreaterThanOrEqualTo(5);
        assertThat(valid.getFirst().name()).isEqualTo("01-seed-sample.json");
        assertThat(new String(valid.getFirst().body(), StandardCharsets.UTF_8)).isEqualTo(SEED);
        assertThat(invalid()).hasSizeGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validate_whenValidExample_acceptsAndParsesEveryField(Examples.Example example) throws Exception {
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
    void validate_whenInvalidExample_producesExactlyTheDocumentedErrors(Examples.Example example) {
        ValidationResult result = SCHEMA.validate(example.body());

        assertThat(result.isValid()).as(example.name()).isFalse();
        assertThat(result.message()).isEmpty();
        assertThat(result.errors())
                .as(example.name() + " gave " + result.errors())
                .extracting(e -> new Examples.Expected(e.code(), e.pointer()))
                .containsExactlyElementsOf(example.expected());
        assertThat(result.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void validate_whenInvalidExample_neverEchoesTheQrCode(Examples.Example example) {
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
