package com.qrrouter.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The example messages of the contract ({@code schemas/examples/valid} and {@code schemas/examples/invalid}), shipped
 * in this jar by the build: the fixtures of every module's tests and the seed sample the local stack prints. The
 * files are the one source; nothing here repeats them.
 *
 * <pre>{@code
 * String seed = Examples.valid("01-seed-sample").text();                  // the file's exact text
 * byte[] other = Examples.valid("01-seed-sample").with("QRCode", "x1").bytes(); // every other byte the seed's
 * }</pre>
 *
 * <p>An example is named by its file name without {@code .json}; an unknown name is refused with the list of names.
 */
public final class Examples {

    private static final String FOLDER = "examples/";
    private static final String JSON_SUFFIX = ".json";
    private static final String EXPECTED_SUFFIX = ".expected.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Examples() {}

    /** The valid example {@code name}, e.g. {@code 01-seed-sample}. */
    public static Example valid(String name) {
        return load("valid", name);
    }

    /**
     * The invalid example {@code name}, e.g. {@code 10-client-id-with-space}: its body (the errors it must produce are
     * documented beside it, in {@code schemas/examples/invalid}).
     */
    public static Example invalid(String name) {
        return load("invalid", name);
    }

    /** The names of the valid examples, in order (the seed sample first). */
    public static List<String> validNames() {
        return names("valid");
    }

    /** The names of the invalid examples, in order. */
    public static List<String> invalidNames() {
        return names("invalid");
    }

    private static Example load(String kind, String name) {
        Objects.requireNonNull(name, "name");
        boolean plainName = !name.isEmpty() && !name.contains("/") && !name.contains(".");
        try (InputStream in =
                plainName ? Examples.class.getResourceAsStream(FOLDER + kind + "/" + name + JSON_SUFFIX) : null) {
            if (in == null) {
                throw new IllegalArgumentException("no " + kind + " example is named '" + name + "' (a file name of"
                        + " schemas/examples/" + kind + " without .json): the " + kind + " examples are "
                        + String.join(", ", names(kind)));
            }
            return new Example(name, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + kind + " example " + name, e);
        }
    }

    /** Lists the folder next to this class, in the jar or in the build's classes folder. */
    private static List<String> names(String kind) {
        URL self = Objects.requireNonNull(Examples.class.getResource("Examples.class"), "Examples.class");
        String folder = Examples.class.getPackageName().replace('.', '/') + "/" + FOLDER + kind + "/";
        List<String> files;
        try {
            if ("jar".equals(self.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) self.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    files = jar.stream()
                            .map(JarEntry::getName)
                            .filter(entry -> entry.startsWith(folder))
                            .map(entry -> entry.substring(folder.length()))
                            .toList();
                }
            } else if ("file".equals(self.getProtocol())) {
                try (Stream<Path> listed =
                        Files.list(Path.of(self.toURI()).resolveSibling(FOLDER).resolve(kind))) {
                    files = listed.map(file -> file.getFileName().toString()).toList();
                }
            } else {
                throw new IllegalStateException(
                        "cannot list the examples beside " + self + ": load them from a jar or a classes folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the " + kind + " examples are not beside " + self
                            + ": build the schemas module, whose pom copies schemas/examples into its classes",
                    e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the examples beside " + self, e);
        }
        return files.stream()
                .filter(file -> file.endsWith(JSON_SUFFIX) && !file.endsWith(EXPECTED_SUFFIX) && !file.contains("/"))
                .map(file -> file.substring(0, file.length() - JSON_SUFFIX.length()))
                .sorted()
                .toList();
    }

    /**
     * One example: its exact bytes, and variations of it that tests derive instead of retyping a message. A variation
     * ({@link #with}, {@link #withJson}, {@link #without}) changes only the member it names: every other byte stays
     * the example's. That holds for an example written compactly, as Jackson writes JSON (the seed sample and most
     * valid examples); one written otherwise (pretty printed, with escapes) is refused rather than rewritten.
     */
    public static final class Example {

        private final String name;
        private final byte[] bytes;
        /** Each member's value as raw JSON text, in order (unmodifiable); null until a variation needs it. */
        private volatile Map<String, String> members;

        private Example(String name, byte[] bytes, Map<String, String> members) {
            this.name = name;
            this.bytes = bytes;
            this.members = members == null ? null : Collections.unmodifiableMap(members);
        }

        /** The example's name (a variation's says what it changed). */
        public String name() {
            return name;
        }

        /** The exact bytes (a copy). */
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The exact text; refused for an example that is not UTF-8 (use {@link #bytes()}). */
        public String text() {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new IllegalStateException(name + " is not UTF-8 text: use bytes()", e);
            }
        }

        /** The value of the string member {@code field}, e.g. {@code field("QRCode")}. */
        public String field(String field) {
            JsonNode value = tree().get(field);
            if (value == null || !value.isTextual()) {
                throw new IllegalArgumentException(name + " has no string member " + field + "; its members are "
                        + tree().properties().stream().map(Map.Entry::getKey).toList());
            }
            return value.textValue();
        }

        /**
         * This example with the member {@code field} set to the string {@code value} (written as Jackson escapes it:
         * for a JSON escape such as {@code \ud800} use {@link #withJson}); a member the example lacks is added last.
         */
        public Example with(String field, String value) {
            return withJson(field, quote(Objects.requireNonNull(value, "value")));
        }

        /**
         * This example with the member {@code field} set to {@code json}, raw JSON text put in as it is (an escape, a
         * number, {@code null}, an object); a member the example lacks is added last.
         */
        public Example withJson(String field, String json) {
            Map<String, String> changed = new LinkedHashMap<>(members());
            changed.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(json, "json"));
            return derived(name + " with " + field, changed);
        }

        /** This example without the member {@code field}, which it must have. */
        public Example without(String field) {
            Map<String, String> changed = new LinkedHashMap<>(members());
            if (changed.remove(field) == null) {
                throw new IllegalArgumentException(
                        name + " has no member " + field + " to leave out; its members are " + changed.keySet());
            }
            return derived(name + " without " + field, changed);
        }

        @Override
        public String toString() {
            return name;
        }

        private static Example derived(String name, Map<String, String> members) {
            return new Example(name, render(members).getBytes(StandardCharsets.UTF_8), members);
        }

        private Map<String, String> members() {
            Map<String, String> known = members;
            if (known != null) {
                return known;
            }
            Map<String, String> parsed = new LinkedHashMap<>();
            tree().properties().forEach(member -> parsed.put(member.getKey(), write(member.getValue())));
            if (!render(parsed).equals(new String(bytes, StandardCharsets.UTF_8))) {
                throw new IllegalStateException(name + " is not written compactly (it is pretty printed, has escapes"
                        + " or repeats a member): a variation would rewrite more than the member it names; derive"
                        + " from a compact example such as 01-seed-sample");
            }
            members = Collections.unmodifiableMap(parsed);
            return members;
        }

        private JsonNode tree() {
            JsonNode tree;
            try {
                tree = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(name + " is not a JSON object: derive from a valid example", e);
            }
            if (tree == null || !tree.isObject()) {
                throw new IllegalStateException(name + " is not a JSON object: derive from a valid example");
            }
            return tree;
        }

        private static String render(Map<String, String> members) {
            return members.entrySet().stream()
                    .map(member -> quote(member.getKey()) + ":" + member.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }

        private static String quote(String text) {
            return write(JSON.getNodeFactory().textNode(text));
        }

        private static String write(JsonNode value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + value.getNodeType(), e);
            }
        }
    }
}
