package com.qrrouter.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.qrrouter.schema.ValidationError;
import com.qrrouter.schema.ValidationErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Translates the validator's errors into our codes, JSON pointers and messages. Messages are written from the schema
 * (what was expected), never from the validator's text or the submitted value, so they can neither leak a QR code nor
 * change wording when the validator library is upgraded.
 */
public final class SchemaErrorTranslator {

    private static final Map<String, ValidationErrorCode> CODES = Map.of(
            "required", ValidationErrorCode.REQUIRED,
            "type", ValidationErrorCode.TYPE,
            "minLength", ValidationErrorCode.MIN_LENGTH,
            "maxLength", ValidationErrorCode.MAX_LENGTH,
            "pattern", ValidationErrorCode.PATTERN,
            "enum", ValidationErrorCode.ENUM,
            "const", ValidationErrorCode.ENUM,
            "additionalProperties", ValidationErrorCode.UNKNOWN_PROPERTY,
            "unevaluatedProperties", ValidationErrorCode.UNKNOWN_PROPERTY);

    private final JsonNode schema;
    private final String allowedProperties;

    public SchemaErrorTranslator(JsonNode schema) {
        this.schema = schema;
        StringJoiner names = new StringJoiner(", ");
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        this.allowedProperties = names.toString();
    }

    /** The code that a schema keyword maps to ({@link ValidationErrorCode#CONSTRAINT} for keywords not named). */
    public static ValidationErrorCode codeOf(String keyword) {
        return CODES.getOrDefault(keyword, ValidationErrorCode.CONSTRAINT);
    }

    /** The keywords that have their own code. */
    public static Set<String> mappedKeywords() {
        return CODES.keySet();
    }

    public List<ValidationError> translate(List<Error> errors) {
        List<ValidationError> out = new ArrayList<>(errors.size());
        for (Error error : errors) {
            out.add(translate(error));
        }
        return out;
    }

    private ValidationError translate(Error error) {
        String keyword = error.getKeyword();
        ValidationErrorCode code = codeOf(keyword);
        String instance = error.getInstanceLocation() == null
                ? ""
                : error.getInstanceLocation().toString();
        String pointer = instance;
        if ((code == ValidationErrorCode.REQUIRED || code == ValidationErrorCode.UNKNOWN_PROPERTY)
                && error.getProperty() != null) {
            pointer = JsonPointers.child(instance, error.getProperty());
        }
        return new ValidationError(code, pointer, message(code, keyword, pointer, error));
    }

    private String message(ValidationErrorCode code, String keyword, String pointer, Error error) {
        String name = topLevelName(pointer);
        JsonNode field = name == null ? schema : schema.path("properties").path(name);
        String subject = name == null ? (pointer.isEmpty() ? "the body" : pointer) : name;
        return switch (code) {
            case REQUIRED -> subject + " is required: " + describe(field);
            case TYPE -> subject + " must be " + article(field.path("type").asText("a different type"));
            case MIN_LENGTH ->
                subject + " must be at least " + field.path("minLength").asInt() + " characters long";
            case MAX_LENGTH ->
                subject + " must be at most " + field.path("maxLength").asInt() + " characters long";
            case PATTERN -> subject + " " + patternText(field);
            case ENUM -> subject + " must be one of " + joined(field.path("enum"));
            case UNKNOWN_PROPERTY ->
                "the property is not part of " + schema.path("title").asText("the contract")
                        + ": the allowed properties are " + allowedProperties;
            default -> subject + " does not meet the schema constraint '" + keyword + "'";
        };
    }

    /** The property name if the pointer is {@code /Name}, else {@code null}. */
    private static String topLevelName(String pointer) {
        if (pointer.length() < 2 || pointer.indexOf('/', 1) >= 0) {
            return null;
        }
        return pointer.substring(1).replace("~1", "/").replace("~0", "~");
    }

    private static String patternText(JsonNode field) {
        JsonNode hint = field.get("x-patternMessage");
        return hint != null && hint.isTextual()
                ? hint.asText()
                : "must match the regular expression " + field.path("pattern").asText();
    }

    private static String describe(JsonNode field) {
        if (field.has("enum")) {
            return "one of " + joined(field.path("enum"));
        }
        StringBuilder text = new StringBuilder(article(field.path("type").asText("a value")));
        if (field.has("minLength") && field.has("maxLength")) {
            text.append(" of ")
                    .append(field.get("minLength").asInt())
                    .append(" to ")
                    .append(field.get("maxLength").asInt())
                    .append(" characters");
        }
        if (field.has("x-patternMessage")) {
            text.append(" that ").append(field.get("x-patternMessage").asText());
        }
        return text.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "an object";
            case "array" -> "an array";
            case "integer" -> "an integer";
            default -> "a " + type;
        };
    }

    private static String joined(JsonNode values) {
        StringJoiner joiner = new StringJoiner(", ");
        values.forEach(value -> joiner.add(value.asText()));
        return joiner.toString();
    }
}
