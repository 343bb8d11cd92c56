package com.qrrouter.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import com.qrrouter.schema.internal.Draft04ModelGenerator;
import com.qrrouter.schema.internal.JsonBodyReader;
import com.qrrouter.schema.internal.ScanTime;
import com.qrrouter.schema.internal.SchemaErrorTranslator;
import com.qrrouter.schema.internal.TextCharacters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The QR message contract (JSON Schema 2020-12) and its validator, used by every module: the router checks each SQS
 * record with it, the local API front and the CDK request model are derived from it.
 *
 * <p>Instances are immutable and thread-safe; {@link #v1()} is created once and cached.
 *
 * <pre>{@code
 * ValidationResult result = QrMessageSchema.v1().validate(body);
 * if (result.isValid()) {
 *     QrMessage message = result.message().orElseThrow();
 * } else {
 *     result.errors(); // code, JSON pointer, what was expected
 * }
 * }</pre>
 */
public final class QrMessageSchema {

    /**
     * Upper bound of a message body in bytes (UTF-8). 16 KiB: the default body inspection limit of AWS WAF for a
     * regional API Gateway, so the WAF body-size rule sees the whole body; an eighth of AWS IoT Core's 128 KB message
     * limit and well under SQS's 256 KiB. Every field at its maximum length in ASCII fits easily (about 4.9 KB).
     */
    public static final int MAX_MESSAGE_BYTES = 16_384;

    /**
     * Deepest nesting of objects and arrays that is parsed. A valid message is one flat object (depth 1); a small
     * nesting still gets a precise {@code TYPE} error, anything deeper than this is refused as {@code TOO_DEEP}
     * before any tree is built.
     */
    public static final int MAX_NESTING_DEPTH = 16;

    /** Classpath location of the version 1 schema (latest minor revision). */
    public static final String V1_RESOURCE = "/com/qrrouter/schema/qr-message.v1.schema.json";

    private static final String TIME = "Time";

    private static final ObjectMapper SCHEMA_READER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final String schemaJson;
    private final JsonNode schemaNode;
    private final String schemaId;
    private final String revision;
    private final Schema validator;
    private final SchemaErrorTranslator translator;
    private final JsonBodyReader reader;
    private final String apiGatewayModelJson;
    private final ApiGatewayModel apiGatewayModel;

    private QrMessageSchema(String schemaJson) {
        this.schemaJson = schemaJson;
        try {
            this.schemaNode = SCHEMA_READER.readTree(schemaJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
        this.schemaId = requireText(schemaNode, "$id");
        this.revision = requireText(schemaNode, "x-revision");
        // Our annotation keywords (x-revision, x-patternMessage) are declared, so the validator neither warns about
        // them at every cold start nor treats them as anything but annotations.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new NonValidationKeyword("x-revision"))
                .keyword(new NonValidationKeyword("x-patternMessage"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                dialect,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .pathType(PathType.JSON_POINTER)
                        .build()));
        this.validator = registry.getSchema(schemaNode);
        this.translator = new SchemaErrorTranslator(schemaNode);
        this.reader = new JsonBodyReader(MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH);
        try {
            this.apiGatewayModelJson =
                    SCHEMA_READER.writeValueAsString(Draft04ModelGenerator.generate(schemaNode)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the draft-04 model", e);
        }
        this.apiGatewayModel = new ApiGatewayModel(apiGatewayModelJson, schemaNode);
    }

    private static final class V1 {
        static final QrMessageSchema INSTANCE = new QrMessageSchema(readResource(V1_RESOURCE));
    }

    /** The latest minor revision of major version 1; created once, thread-safe. */
    public static QrMessageSchema v1() {
        return V1.INSTANCE;
    }

    /** A schema from JSON text; for compatibility checks of earlier or candidate revisions. */
    static QrMessageSchema fromJson(String schemaJson) {
        return new QrMessageSchema(Objects.requireNonNull(schemaJson, "schemaJson"));
    }

    /**
     * Validates a request or message body. Never throws: every problem, {@code null} included, is an error in the
     * result.
     */
    public ValidationResult validate(byte[] body) {
        JsonBodyReader.Outcome read = reader.read(body);
        if (read.error() != null) {
            return ValidationResult.invalid(List.of(read.error()));
        }
        JsonNode root = read.tree();
        if (!root.isObject()) {
            return ValidationResult.invalid(List.of(new ValidationError(
                    ValidationErrorCode.NOT_AN_OBJECT,
                    "",
                    "the body must be a JSON object, not "
                            + root.getNodeType().name().toLowerCase(Locale.ROOT))));
        }
        List<ValidationError> errors = new ArrayList<>(translator.translate(validator.validate(root)));
        JsonNode time = root.get(TIME);
        boolean timeChecked = errors.stream().anyMatch(e -> e.pointer().equals("/" + TIME));
        if (time != null
                && time.isTextual()
                && !timeChecked
                && schemaNode.path("properties").has(TIME)
                && !ScanTime.isReal(time.asText())) {
            errors.add(new ValidationError(
                    ValidationErrorCode.INVALID_TIME,
                    "/" + TIME,
                    TIME + " must be a real calendar date and time (yyyyMMdd'T'HHmmss, e.g. 20231201T231010):"
                            + " this day or time does not exist"));
        }
        if (!errors.isEmpty()) {
            // The schema's pattern refuses the characters the pipeline cannot carry; INVALID_CHARACTER says why.
            errors.replaceAll(e -> refine(e, root));
            // A value of the wrong type also fails its enum, length or pattern: the type error alone says it all.
            Set<String> wrongType = errors.stream()
                    .filter(e -> e.code() == ValidationErrorCode.TYPE)
                    .map(ValidationError::pointer)
                    .collect(Collectors.toSet());
            return ValidationResult.invalid(errors.stream()
                    .filter(e -> e.code() == ValidationErrorCode.TYPE || !wrongType.contains(e.pointer()))
                    .distinct()
                    .sorted(Comparator.comparing(ValidationError::pointer).thenComparing(ValidationError::code))
                    .toList());
        }
        return ValidationResult.valid(new QrMessage(
                text(root, "ClientID"),
                text(root, "QRCode"),
                text(root, TIME),
                text(root, "STATE"),
                text(root, "LOCATION"),
                text(root, "TEST")));
    }

    /**
     * A {@code PATTERN} error of a property whose value has a character the pipeline cannot carry becomes
     * {@code INVALID_CHARACTER}. The schema's pattern decides, this only names the reason, so a revision whose pattern
     * allows such characters (1.0) still accepts them.
     */
    static ValidationError refine(ValidationError error, JsonNode root) {
        if (error.code() != ValidationErrorCode.PATTERN) {
            return error;
        }
        String name = error.pointer().isEmpty() ? "" : error.pointer().substring(1);
        JsonNode value = root.get(name.replace("~1", "/").replace("~0", "~"));
        if (value == null || !value.isTextual() || !TextCharacters.hasUncarriable(value.asText())) {
            return error;
        }
        return new ValidationError(
                ValidationErrorCode.INVALID_CHARACTER,
                error.pointer(),
                name + " contains a character that cannot be carried: the noncharacters U+FFFE and U+FFFF and"
                        + " unpaired surrogates (e.g. a \\ud800 escape without its low surrogate) are not allowed");
    }

    /** Draft-04 JSON Schema for the API Gateway request model, generated from the 2020-12 schema. */
    public String apiGatewayModelJson() {
        return apiGatewayModelJson;
    }

    /**
     * The API Gateway request model as a validator: what API Gateway accepts at the edge, which is more than this
     * contract accepts (see {@link ApiGatewayModel#FULL_CONTRACT_ONLY}).
     */
    public ApiGatewayModel apiGatewayModel() {
        return apiGatewayModel;
    }

    /** The schema's {@code $id}. */
    public String schemaId() {
        return schemaId;
    }

    /** The minor revision within the major version, e.g. {@code 1.0} (the schema's {@code x-revision}). */
    public String revision() {
        return revision;
    }

    /** The 2020-12 schema text, exactly as shipped. */
    public String schemaJson() {
        return schemaJson;
    }

    private static String text(JsonNode root, String name) {
        JsonNode value = root.get(name);
        return value == null ? null : value.asText();
    }

    private static String requireText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the schema must have a non-empty string '" + name + "'");
        }
        return value.asText();
    }

    private static String readResource(String resource) {
        try (InputStream in = QrMessageSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + resource, e);
        }
    }
}
