package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API descriptions in {@code docs/api} stay tied to the contract: their message examples are valid QR messages,
 * they reference the schema file instead of copying it, and they name the same error codes and size bound as the
 * code. (Their syntax is validated by the build's {@code api-docs-validate} step.)
 */
class ApiDocsTest {

    private static final Path API_DOCS = Path.of("..", "docs", "api");
    private static final String SCHEMA_REF =
            "../../schemas/src/main/resources/com/qrrouter/schema/qr-message.v1.schema.json";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String name) throws Exception {
        return YAML.readTree(API_DOCS.resolve(name).toFile());
    }

    private static void assertValid(String where, JsonNode payload) throws Exception {
        ValidationResult result = QrMessageSchema.v1().validate(JSON.writeValueAsBytes(payload));
        assertThat(result.errors()).as(where).isEmpty();
    }

    @Test
    void openApi_whenRequestExamplesAreValidated_allAreValidQrMessages() throws Exception {
        JsonNode body = read("openapi.yaml").at("/paths/~1postmessagetosqs/post/requestBody/content/application~1json");
        List<String> names = new ArrayList<>();
        body.path("examples").fields().forEachRemaining(e -> names.add(e.getKey()));

        assertThat(names).contains("seedSample").hasSizeGreaterThanOrEqualTo(2);
        for (String name : names) {
            assertValid(
                    "openapi example " + name, body.path("examples").path(name).path("value"));
        }
        assertThat(body.at("/schema/$ref").asText()).isEqualTo(SCHEMA_REF);
    }

    @Test
    void asyncApi_whenMessageExamplesAreValidated_allAreValidQrMessages() throws Exception {
        JsonNode message = read("asyncapi.yaml").at("/components/messages/qrMessage");

        assertThat(message.path("examples")).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode example : message.path("examples")) {
            assertValid("asyncapi example " + example.path("name").asText(), example.path("payload"));
            assertThat(example.at("/headers/contentType").asText()).isEqualTo("application/json");
        }
        assertThat(message.at("/payload/$ref").asText()).isEqualTo(SCHEMA_REF);
        assertThat(message.at("/bindings/mqtt/contentType").asText()).isEqualTo("application/json");
    }

    @Test
    void asyncApi_whenDeliveryIsDescribed_usesQos1UnderTheStagePrefix() throws Exception {
        JsonNode doc = read("asyncapi.yaml");

        assertThat(doc.at("/operations/deliverQrMessage/bindings/mqtt/qos").asInt())
                .isEqualTo(1);
        assertThat(doc.at("/channels/clientTopic/address").asText()).startsWith("qr-router/{stage}/");
    }

    @Test
    void schemaReference_whenResolvedFromDocsApi_isTheShippedSchemaFile() throws Exception {
        Path referenced = API_DOCS.resolve(SCHEMA_REF).normalize();

        assertThat(Files.readString(referenced, StandardCharsets.UTF_8))
                .isEqualTo(QrMessageSchema.v1().schemaJson());
    }

    @Test
    void openApi_whenListingErrorCodes_namesExactlyTheCodesOfValidationErrorCode() throws Exception {
        List<String> documented = new ArrayList<>();
        read("openapi.yaml")
                .at("/components/schemas/ValidationError/properties/code/enum")
                .forEach(c -> documented.add(c.asText()));

        assertThat(documented)
                .containsExactlyElementsOf(Arrays.stream(ValidationErrorCode.values())
                        .map(Enum::name)
                        .toList());
    }

    @Test
    void openApi_whenDescribingTheSizeBound_usesMaxMessageBytes() throws Exception {
        JsonNode post = read("openapi.yaml").at("/paths/~1postmessagetosqs/post");
        String bound = String.valueOf(QrMessageSchema.MAX_MESSAGE_BYTES);

        assertThat(post.at("/responses/413/description").asText()).contains(bound);
        assertThat(post.at("/requestBody/description").asText()).contains(bound);
        assertThat(post.at("/responses").has("200")).isTrue();
        assertThat(post.at("/security/0/cognito/0").asText()).isEqualTo("qr-router/sendqrcode");
        for (String status : List.of("400", "401", "403", "413", "429", "5XX")) {
            assertThat(post.at("/responses/" + status + "/content/application~1json/schema/$ref")
                            .asText())
                    .as(status)
                    .isEqualTo("#/components/schemas/Error");
        }
    }

    @Test
    void openApi_whenShowingTheOkAnswer_givesTheRealMd5OfTheSeedSample() throws Exception {
        String documented = read("openapi.yaml")
                .at("/paths/~1postmessagetosqs/post/responses/200/content/application~1json/examples/queued/value"
                        + "/SendMessageResponse/SendMessageResult/MD5OfMessageBody")
                .asText();
        byte[] seed = Examples.valid("01-seed-sample").bytes();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(seed));

        assertThat(documented).isEqualTo(md5);
    }
}
