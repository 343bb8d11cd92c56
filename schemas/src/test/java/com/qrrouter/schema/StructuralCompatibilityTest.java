package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structural compatibility gate (decision 0110): every released revision's schema under {@code releases/},
 * compared keyword by keyword with the current schema, shows no tightening other than those declared in
 * {@code releases/declared-tightenings.txt}; unlike {@link CompatibilityTest}, it needs no example to exercise it.
 */
class StructuralCompatibilityTest {

    private static final Path RELEASES = Path.of("releases");
    private static final Path DECLARED = RELEASES.resolve("declared-tightenings.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A declared tightening: revision {@code revision} tightened {@code pointer} on purpose, by {@code decision}. */
    record Declared(String revision, String pointer, String decision) {}

    /** A released revision's schema. */
    record Released(int minor, String version, JsonNode schema) {}

    @Test
    void releases_whenComparedWithTheCurrentSchema_showNoUndeclaredTightening() throws Exception {
        JsonNode current = JSON.readTree(QrMessageSchema.v1().schemaJson());
        List<Released> releases = releases();
        List<Declared> declared = declared();
        List<String> undeclared = new ArrayList<>();

        for (Released release : releases) {
            for (StructuralCompatibility.Tightening tightening :
                    StructuralCompatibility.tightenings(release.schema(), current)) {
                boolean covered = declared.stream()
                        .anyMatch(
                                d -> d.pointer().equals(tightening.pointer()) && minor(d.revision()) > release.minor());
                if (!covered) {
                    undeclared.add("v" + release.version() + " -> current: " + tightening);
                }
            }
        }

        assertThat(releases).hasSizeGreaterThanOrEqualTo(2);
        assertThat(undeclared)
                .as("a minor revision only loosens; a tightening belongs in a new major version (releases/README.md)")
                .isEmpty();
    }

    @Test
    void declaredTightenings_whenCheckedAgainstTheirRevision_areRealTighteningsFromThePreviousOne() throws Exception {
        List<Released> releases = releases();
        List<Declared> declared = declared();
        List<String> problems = new ArrayList<>();

        for (Declared d : declared) {
            int index = -1;
            for (int i = 0; i < releases.size(); i++) {
                if (releases.get(i).version().equals(d.revision())) {
                    index = i;
                }
            }
            if (index < 1) {
                problems.add(d + ": no released revision before v" + d.revision());
                continue;
            }
            boolean real =
                    StructuralCompatibility.tightenings(
                                    releases.get(index - 1).schema(),
                                    releases.get(index).schema())
                            .stream()
                            .anyMatch(t -> t.pointer().equals(d.pointer()));
            if (!real || !Files.exists(decision(d.decision()))) {
                problems.add(d + ": not a tightening of v" + d.revision() + ", or no decision " + d.decision());
            }
        }

        assertThat(declared).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    static Stream<Arguments> plantedTightenings() {
        return Stream.of(
                planted(
                        "/properties/ClientID/maxLength",
                        s -> property(s, "ClientID").put("maxLength", 32)),
                planted(
                        "/properties/LOCATION/minLength",
                        s -> property(s, "LOCATION").put("minLength", 2)),
                planted(
                        "/properties/LOCATION/pattern",
                        s -> property(s, "LOCATION").put("pattern", "^[A-Z0-9]*$")),
                planted(
                        "/properties/STATE/enum",
                        s -> ((ArrayNode) property(s, "STATE").path("enum")).remove(3)),
                planted(
                        "/properties/TEST/enum",
                        s -> property(s, "TEST").putArray("enum").add("demo")),
                planted("/properties/Time/type", s -> property(s, "Time").put("type", "integer")),
                planted("/required", s -> ((ArrayNode) s.path("required")).add("LOCATION")),
                planted("/properties/TEST", s -> ((ObjectNode) s.path("properties")).remove("TEST")),
                planted("/properties/QRCode/format", s -> property(s, "QRCode").put("format", "uuid")));
    }

    @ParameterizedTest
    @MethodSource("plantedTightenings")
    void tightenings_whenAModifiedCopyOfTheSchemaTightens_reportIt(String pointer, JsonNode tightened)
            throws Exception {
        JsonNode current = JSON.readTree(QrMessageSchema.v1().schemaJson());

        assertThat(StructuralCompatibility.tightenings(current, tightened))
                .extracting(StructuralCompatibility.Tightening::pointer)
                .containsExactly(pointer);
    }

    @Test
    void tightenings_whenAdditionalPropertiesTurnsFalse_reportIt() throws Exception {
        ObjectNode open = (ObjectNode) JSON.readTree(QrMessageSchema.v1().schemaJson());
        open.remove("additionalProperties");

        assertThat(StructuralCompatibility.tightenings(
                        open, JSON.readTree(QrMessageSchema.v1().schemaJson())))
                .extracting(StructuralCompatibility.Tightening::pointer)
                .containsExactly("/additionalProperties");
    }

    @Test
    void tightenings_whenACopyOfTheSchemaOnlyLoosens_reportNothing() throws Exception {
        JsonNode current = JSON.readTree(QrMessageSchema.v1().schemaJson());
        ObjectNode loosened = current.deepCopy();
        ((ObjectNode) loosened.path("properties"))
                .putObject("GATE")
                .put("type", "string")
                .put("maxLength", 32);
        ((ArrayNode) property(loosened, "STATE").path("enum")).add("SUSPENDED");
        property(loosened, "ClientID").put("maxLength", 128);
        property(loosened, "QRCode").remove("minLength");
        ((ArrayNode) loosened.path("required")).remove(3);
        loosened.put("x-revision", "1.2").put("description", "Revision 1.2.");

        assertThat(StructuralCompatibility.tightenings(current, loosened)).isEmpty();
    }

    private static Arguments planted(String pointer, Consumer<ObjectNode> change) {
        try {
            ObjectNode copy = (ObjectNode) JSON.readTree(QrMessageSchema.v1().schemaJson());
            change.accept(copy);
            return Arguments.of(pointer, copy);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode property(JsonNode schema, String name) {
        return (ObjectNode) schema.path("properties").path(name);
    }

    private static List<Released> releases() throws Exception {
        List<Released> out = new ArrayList<>();
        for (CompatibilityChecker.Revision revision : CompatibilityChecker.load(RELEASES)) {
            Path file = RELEASES.resolve("v" + revision.version())
                    .resolve("qr-message.v" + revision.major() + ".schema.json");
            out.add(new Released(
                    revision.minor(),
                    revision.version(),
                    JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))));
        }
        return out;
    }

    private static List<Declared> declared() throws Exception {
        List<Declared> out = new ArrayList<>();
        for (String line : Files.readAllLines(DECLARED, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length != 3 || !fields[2].matches("\\d{4}")) {
                throw new IllegalStateException(DECLARED + ": '" + line + "' is not REVISION POINTER DECISION");
            }
            out.add(new Declared(fields[0], fields[1], fields[2]));
        }
        return out;
    }

    private static int minor(String version) {
        return Integer.parseInt(version.substring(version.indexOf('.') + 1));
    }

    private static Path decision(String number) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "docs", "decisions"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(number + "-"))
                    .findFirst()
                    .orElse(Path.of("..", "docs", "decisions", number + "-missing.md"));
        }
    }
}
