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

    /**
     * Checks that only the Java validator makes; the API Gateway model accepts such bodies:
     *
     * <ul>
     *   <li>{@code INVALID_TIME}: a real calendar date (30 February) needs date arithmetic, not a regex;
     *   <li>{@code DUPLICATE_KEY}: a schema sees the parsed object, where one of the duplicates has already won;
     *   <li>{@code TOO_LARGE}: a schema cannot bound the body's bytes; the WAF body-size rule does, with
     *       {@link QrMessageSchema#MAX_MESSAGE_BYTES}.
     * </ul>
     */
    static final Set<ValidationErrorCode> BEYOND_DRAFT_04 = EnumSet.of(
            ValidationErrorCode.INVALID_TIME, ValidationErrorCode.DUPLICATE_KEY, ValidationErrorCode.TOO_LARGE);

    /** Not JSON at all: API Gateway refuses such a body before any model applies, so there is nothing to compare. */
    static final Set<ValidationErrorCode> NOT_JSON = EnumSet.of(ValidationErrorCode.INVALID_JSON);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema MODEL = draft04(QrMessageSchema.v1().apiGatewayModelJson());

    private static Schema draft04(String modelJson) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(modelJson);
    }

    static List<Examples.Example> valid() {
        return Examples.valid();
    }

    static List<Examples.Example> invalid() {
        return Examples.invalid();
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
    void model_whenValidExample_accepts(Examples.Example example) throws IOException {
        assertThat(MODEL.validate(JSON.readTree(example.body()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void model_whenInvalidExample_rejectsUnlessTheCheckIsBeyondDraft04(Examples.Example example) throws IOException {
        Set<ValidationErrorCode> codes = EnumSet.noneOf(ValidationErrorCode.class);
        example.expected().forEach(e -> codes.add(e.code()));
        if (NOT_JSON.containsAll(codes)) {
            return; // nothing a model sees; the contract test covers these bodies
        }
        var errors = MODEL.validate(JSON.readTree(example.body()));

        if (BEYOND_DRAFT_04.containsAll(codes)) {
            assertThat(errors)
                    .as(example.name() + ": the model cannot express " + codes
                            + "; if it now does, move the code out of BEYOND_DRAFT_04 and the docs")
                    .isEmpty();
        } else {
            assertThat(errors)
                    .as(example.name() + " must be rejected by the model too")
                    .isNotEmpty();
        }
    }

    @Test
    void examples_whenCounted_coverEveryCodeThatTheModelCannotExpress() {
        Set<ValidationErrorCode> covered = EnumSet.noneOf(ValidationErrorCode.class);
        Examples.invalid().forEach(x -> x.expected().forEach(e -> covered.add(e.code())));

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
