package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.qrrouter.schema.internal.Draft04ModelGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The draft-04 model that API Gateway validates requests with must accept and reject the same examples as the
 * contract, except for the checks listed here that draft-04 cannot express. The router re-validates every message
 * with the full contract, so those are still refused (they are parked in the DLQ with their code).
 */
class ApiGatewayModelTest {

    /** The documented list of checks the model cannot make; each must be met by at least one example. */
    static final Set<ValidationErrorCode> BEYOND_DRAFT_04 = ApiGatewayModel.FULL_CONTRACT_ONLY;

    private static final Examples.Example SEED = Examples.valid("01-seed-sample");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema MODEL = draft04(QrMessageSchema.v1().apiGatewayModelJson());

    private static Schema draft04(String modelJson) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(modelJson);
    }

    static List<ExampleFiles.Example> valid() {
        return ExampleFiles.valid();
    }

    static List<ExampleFiles.Example> invalid() {
        return ExampleFiles.invalid();
    }

    @Test
    void apiGatewayModelJson_whenGenerated_isADraft04SchemaWithoutNewerKeywords() throws IOException {
        JsonNode model = JSON.readTree(QrMessageSchema.v1().apiGatewayModelJson());

        assertThat(model.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-04/schema#");
        assertThat(model.has("$id")).isFalse();
        assertThat(model.has("examples")).isFalse();
        assertThat(model.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(model.path("required")).hasSize(4);
        assertThat(model.path("properties").path("Time").path("pattern").asText())
                .startsWith("^[0-9]{4}");
        assertThat(QrMessageSchema.v1().apiGatewayModelJson())
                .doesNotContain("\"x-")
                .doesNotContain("2020-12");
        assertThat(model.path("description").asText())
                .as("the model tells API Gateway users the body bound")
                .contains("at most " + QrMessageSchema.MAX_MESSAGE_BYTES + " bytes");
    }

    @Test
    void apiGatewayModelJson_whenCheckedAgainstTheDraft04MetaSchema_isValid() throws IOException {
        Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(SchemaLocation.of("http://json-schema.org/draft-04/schema#"));

        assertThat(metaSchema.validate(JSON.readTree(QrMessageSchema.v1().apiGatewayModelJson())))
                .isEmpty();
        assertThat(metaSchema.validate(JSON.readTree("{\"minLength\": -1}"))).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void model_whenValidExample_accepts(ExampleFiles.Example example) throws IOException {
        assertThat(MODEL.validate(JSON.readTree(example.body()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void model_whenInvalidExample_rejectsUnlessTheCheckIsBeyondDraft04(ExampleFiles.Example example)
            throws IOException {
        Set<ValidationErrorCode> codes = EnumSet.noneOf(ValidationErrorCode.class);
        example.expected().forEach(e -> codes.add(e.code()));
        if (codes.contains(ValidationErrorCode.INVALID_JSON)) {
            return; // no JSON tree for the model; the public validator's reading is tested below
        }
        var errors = MODEL.validate(JSON.readTree(example.body()));

        if (BEYOND_DRAFT_04.containsAll(codes)) {
            assertThat(errors)
                    .as(example.name() + ": the model cannot express " + codes
                            + "; if it now does, move the code out of FULL_CONTRACT_ONLY and the docs")
                    .isEmpty();
        } else {
            assertThat(errors)
                    .as(example.name() + " must be rejected by the model too")
                    .isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void apiGatewayModel_whenValidExample_accepts(ExampleFiles.Example example) {
        assertThat(QrMessageSchema.v1().apiGatewayModel().validate(example.body()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void apiGatewayModel_whenInvalidExample_refusesItOrTheCheckIsListedAsFullContractOnly(
            ExampleFiles.Example example) {
        Set<ValidationErrorCode> codes = EnumSet.noneOf(ValidationErrorCode.class);
        example.expected().forEach(e -> codes.add(e.code()));
        List<ValidationError> errors = QrMessageSchema.v1().apiGatewayModel().validate(example.body());

        if (ApiGatewayModel.FULL_CONTRACT_ONLY.containsAll(codes)) {
            assertThat(errors)
                    .as(example.name() + " is refused only by checks listed as full-contract-only: API Gateway"
                            + " accepts it")
                    .isEmpty();
        } else {
            assertThat(errors)
                    .as(example.name() + " (" + codes + ") must be refused at the edge, or its code listed in"
                            + " ApiGatewayModel.FULL_CONTRACT_ONLY and the docs")
                    .isNotEmpty();
            assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
        }
    }

    @Test
    void apiGatewayModel_whenBodyIsNotUtf8OrNotOneJsonValue_refusesAsInvalidJson() {
        ApiGatewayModel model = QrMessageSchema.v1().apiGatewayModel();
        for (byte[] body : List.of(
                new byte[] {(byte) 0xC3, (byte) 0x28},
                "{\"ClientID\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
                new byte[0],
                "{".getBytes(StandardCharsets.UTF_8),
                (SEED.text() + "{}").getBytes(StandardCharsets.UTF_8),
                ("\uFEFF" + SEED.text()).getBytes(StandardCharsets.UTF_8))) {
            assertThat(model.validate(body))
                    .extracting(ValidationError::code)
                    .containsExactly(ValidationErrorCode.INVALID_JSON);
        }
        assertThat(model.validate(null))
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.INVALID_JSON);
    }

    @Test
    void apiGatewayModel_whenDuplicateKeyAndThirtiethOfFebruary_acceptsWhatTheRouterParks() {
        String body = SEED.with("Time", "20230230T000000")
                .text()
                .replace("{\"ClientID\":\"DemoClient\"", "{\"ClientID\":\"Other\",\"ClientID\":\"DemoClient\"");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(QrMessageSchema.v1().apiGatewayModel().validate(bytes)).isEmpty();
        assertThat(QrMessageSchema.v1().validate(bytes).errors())
                .extracting(ValidationError::code)
                .containsExactly(ValidationErrorCode.DUPLICATE_KEY);
    }

    @Test
    void apiGatewayModel_whenRefusing_neverQuotesTheQrCode() {
        String body = SEED.withJson("QRCode", "\"vwWT)Np\\u0007secret\\ud800\"").text();
        List<ValidationError> errors =
                QrMessageSchema.v1().apiGatewayModel().validate(body.getBytes(StandardCharsets.UTF_8));

        assertThat(errors).extracting(ValidationError::code).containsExactly(ValidationErrorCode.INVALID_CHARACTER);
        assertThat(errors).allSatisfy(e -> assertThat(e.message() + e.pointer()).doesNotContain("secret"));
    }

    @Test
    void apiGatewayModel_whenAsked_isTheGeneratedModel() {
        assertThat(QrMessageSchema.v1().apiGatewayModel().json())
                .isEqualTo(QrMessageSchema.v1().apiGatewayModelJson());
    }

    @Test
    void examples_whenCounted_coverEveryCodeThatTheModelCannotExpress() {
        Set<ValidationErrorCode> covered = EnumSet.noneOf(ValidationErrorCode.class);
        ExampleFiles.invalid().forEach(x -> x.expected().forEach(e -> covered.add(e.code())));

        assertThat(covered).containsAll(BEYOND_DRAFT_04);
    }

    @Test
    void generate_whenConstIsUsed_turnsItIntoASingleValueEnum() throws IOException {
        JsonNode model = Draft04ModelGenerator.generate(JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"v\":{\"const\":\"X\",\"x-note\":1,\"examples\":[\"X\"]}}}"));

        assertThat(model.path("properties").path("v").toString()).isEqualTo("{\"enum\":[\"X\"]}");
    }

    @Test
    void generate_whenAKeywordHasNoDraft04Equivalent_refusesWithItsLocation() throws IOException {
        JsonNode schema = JSON.readTree(
                "{\"type\":\"object\",\"dependentRequired\":{\"LOCATION\":[\"TEST\"]},\"properties\":{}}");

        assertThatThrownBy(() -> Draft04ModelGenerator.generate(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dependentRequired")
                .hasMessageContaining("#/dependentRequired");
    }
}
