package com.qrrouter.schema.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.qrrouter.schema.ValidationError;
import com.qrrouter.schema.ValidationErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a raw body into a JSON tree, refusing what a schema cannot see: too many bytes, text that is not UTF-8,
 * malformed JSON, content after the value, nesting deeper than allowed and duplicate property names.
 *
 * <p>No error message built here repeats any part of the body (Jackson's own messages quote tokens, so only their
 * line and column are used).
 */
public final class JsonBodyReader {

    private final int maxBytes;
    private final int maxDepth;
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    public JsonBodyReader(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.factory = JsonFactory.builder()
                // Our own depth check answers first with a precise pointer; this is the backstop.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + 1)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The outcome of reading a body: a tree or an error. */
    public record Outcome(JsonNode tree, ValidationError error) {
        static Outcome failed(ValidationErrorCode code, String pointer, String message) {
            return new Outcome(null, new ValidationError(code, pointer, message));
        }
    }

    /** Reads {@code body}; never throws. */
    public Outcome read(byte[] body) {
        if (body == null) {
            return Outcome.failed(ValidationErrorCode.INVALID_JSON, "", "the body is missing: send a JSON object");
        }
        if (body.length > maxBytes) {
            return Outcome.failed(
                    ValidationErrorCode.TOO_LARGE,
                    "",
                    String.format(
                            Locale.ROOT,
                            "the body is %d bytes long: at most %d bytes are allowed",
                            body.length,
                            maxBytes));
        }
        if (body.length == 0) {
            return Outcome.failed(ValidationErrorCode.INVALID_JSON, "", "the body is empty: send a JSON object");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return Outcome.failed(
                    ValidationErrorCode.INVALID_JSON, "", "the body is not UTF-8 text: send JSON encoded as UTF-8");
        }
        if (text.charAt(0) == '\uFEFF') {
            return Outcome.failed(
                    ValidationErrorCode.INVALID_JSON,
                    "",
                    "the body starts with a byte order mark: send UTF-8 without it");
        }
        try {
            ValidationError structural = checkStructure(text);
            if (structural != null) {
                return new Outcome(null, structural);
            }
            JsonNode tree = mapper.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                // Only whitespace: Jackson reads "no value", which is no JSON text at all (RFC 8259).
                return Outcome.failed(
                        ValidationErrorCode.INVALID_JSON, "", "the body has no JSON value: send a JSON object");
            }
            return new Outcome(tree, null);
        } catch (StreamReadException e) {
            return Outcome.failed(ValidationErrorCode.INVALID_JSON, "", notJson(e.getLocation()));
        } catch (IOException e) {
            // Reading from a String has no I/O: any other IOException is still a body we cannot read.
            return Outcome.failed(ValidationErrorCode.INVALID_JSON, "", "the body is not valid JSON");
        }
    }

    private static String notJson(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "the body is not valid JSON";
        }
        return String.format(
                Locale.ROOT,
                "the body is not valid JSON: syntax error at line %d, column %d",
                location.getLineNr(),
                location.getColumnNr());
    }

    /** One open object or array while streaming. */
    private static final class Frame {
        final String pointer;
        final boolean object;
        final Set<String> names = new HashSet<>();
        String currentName;
        int nextIndex;

        Frame(String pointer, boolean object) {
            this.pointer = pointer;
            this.object = object;
        }

        String childPointer() {
            return object ? JsonPointers.child(pointer, currentName) : JsonPointers.child(pointer, nextIndex++);
        }
    }

    /** Streams once over the text: syntax, trailing content, depth and duplicate names. */
    private ValidationError checkStructure(String text) throws IOException {
        Deque<Frame> open = new ArrayDeque<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token = parser.nextToken();
            while (token != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        String pointer = open.isEmpty() ? "" : open.peek().childPointer();
                        if (open.size() + 1 > maxDepth) {
                            return new ValidationError(
                                    ValidationErrorCode.TOO_DEEP,
                                    pointer,
                                    String.format(
                                            Locale.ROOT,
                                            "objects and arrays nest more than %d levels deep: a QR message is one flat"
                                                    + " object of strings",
                                            maxDepth));
                        }
                        open.push(new Frame(pointer, token == JsonToken.START_OBJECT));
                    }
                    case END_OBJECT, END_ARRAY -> open.pop();
                    case FIELD_NAME -> {
                        Frame frame = open.peek();
                        String name = parser.currentName();
                        if (!frame.names.add(name)) {
                            return new ValidationError(
                                    ValidationErrorCode.DUPLICATE_KEY,
                                    JsonPointers.child(frame.pointer, name),
                                    "the property appears more than once in the same object: send each property once");
                        }
                        frame.currentName = name;
                    }
                    default -> {
                        if (!open.isEmpty() && !open.peek().object) {
                            open.peek().nextIndex++;
                        }
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                token = parser.nextToken();
            }
            if (parser.nextToken() != null) {
                JsonLocation location = parser.currentTokenLocation();
                return new ValidationError(
                        ValidationErrorCode.INVALID_JSON,
                        "",
                        String.format(
                                Locale.ROOT,
                                "the body has content after the JSON value, at line %d, column %d: send exactly one"
                                        + " JSON object",
                                location.getLineNr(),
                                location.getColumnNr()));
            }
        }
        return null;
    }
}
