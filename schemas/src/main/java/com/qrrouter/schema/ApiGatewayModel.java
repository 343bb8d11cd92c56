package com.qrrouter.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.qrrouter.schema.internal.SchemaErrorTranslator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The request validation that API Gateway makes with the derived draft-04 model, and nothing more: a body that this
 * accepts is put on the queue by the API (200), even when the full contract ({@link QrMessageSchema#validate}) refuses
 * it for a reason in {@link #FULL_CONTRACT_ONLY}; the router then parks it. The local API front validates with this,
 * so "accepted by the API, parked by the router" happens locally as on AWS.
 *
 * <pre>{@code
 * List<ValidationError> errors = QrMessageSchema.v1().apiGatewayModel().validate(body);
 * if (errors.isEmpty()) { ... API Gateway would integrate the body ... }
 * }</pre>
 *
 * <p>What is assumed of API Gateway, never checked on AWS (decision 0107): it parses the body as JSON into a tree (a
 * duplicate property name: the last one wins; a {@code \u005Cud800} escape stays a lone UTF-16 unit, as in Jackson) and
 * validates that tree with the model (its error texts are those of java-json-tools' draft-04 validator); a body it
 * cannot parse, not UTF-8 included, is refused with 400 ({@link ValidationErrorCode#INVALID_JSON} here), as are an
 * empty body, a byte order mark and content after the JSON value. The body's size is not checked here: the WAF's
 * body-size rule does it before API Gateway.
 *
 * <p>Immutable and thread-safe. Errors carry the contract's codes, pointers and messages (never the submitted value);
 * API Gateway's own 400 text differs.
 */
public final class ApiGatewayModel {

    /**
     * The contract's checks that the model cannot make: a body refused only for these reasons passes API Gateway and
     * is parked by the router.
     *
     * <ul>
     *   <li>{@code INVALID_TIME}: a real calendar date (30 February) needs date arithmetic, not a regex;
     *   <li>{@code DUPLICATE_KEY}: a schema sees the parsed object, where one of the duplicates has already won;
     *   <li>{@code TOO_LARGE}: a schema cannot bound the body's bytes; the WAF body-size rule does, with
     *       {@link QrMessageSchema#MAX_MESSAGE_BYTES}.
     * </ul>
     */
    public static final Set<ValidationErrorCode> FULL_CONTRACT_ONLY = Set.copyOf(EnumSet.of(
            ValidationErrorCode.INVALID_TIME, ValidationErrorCode.DUPLICATE_KEY, ValidationErrorCode.TOO_LARGE));

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final ObjectMapper PARSER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String json;
    private final Schema model;
    private final SchemaErrorTranslator translator;

    ApiGatewayModel(String json, JsonNode schema2020) {
        this.json = json;
        this.model = SchemaRegistry.withDefaultDialect(
                        SpecificationVersion.DRAFT_4,
                        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .pathType(PathType.JSON_POINTER)
                                .build()))
                .getSchema(json);
        this.translator = new SchemaErrorTranslator(schema2020);
    }

    /** The draft-04 model as API Gateway gets it (the {@code AWS::ApiGateway::Model} schema). */
    public String json() {
        return json;
    }

    /**
     * Validates {@code body} as API Gateway's request validator does with this model. Never throws.
     *
     * @return the reasons for a 400, in a stable order (by pointer, then code); empty if API Gateway accepts the body
     */
    public List<ValidationError> validate(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of(
                    new ValidationError(ValidationErrorCode.INVALID_JSON, "", "the body is empty: send a JSON object"));
        }
        JsonNode tree;
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            tree = PARSER.readTree(text);
        } catch (CharacterCodingException e) {
            return List.of(new ValidationError(
                    ValidationErrorCode.INVALID_JSON, "", "the body is not UTF-8 text: send JSON encoded as UTF-8"));
        } catch (IOException e) {
            // Jackson's own message quotes the body: not used.
            return List.of(new ValidationError(ValidationErrorCode.INVALID_JSON, "", "the body is not valid JSON"));
        }
        if (tree == null || tree.isMissingNode()) {
            return List.of(new ValidationError(ValidationErrorCode.INVALID_JSON, "", "the body is not valid JSON"));
        }
        JsonNode root = tree;
        return translator.translate(model.validate(tree)).stream()
                .map(e -> QrMessageSchema.refine(e, root))
                .distinct()
                .sorted(Comparator.comparing(ValidationError::pointer).thenComparing(ValidationError::code))
                .toList();
    }
}
