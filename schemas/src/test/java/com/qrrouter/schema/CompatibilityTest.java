package com.qrrouter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

    private static final Path RELEASES = Path.of("releases");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void releases_whenCheckedWithTheCurrentSchema_everyEarlierValidExampleStaysValid() {
        List<CompatibilityChecker.Revision> revisions = new ArrayList<>(CompatibilityChecker.load(RELEASES));
        QrMessageSchema current = QrMessageSchema.v1();
        String[] version = current.revision().split("\\.");
        revisions.add(new CompatibilityChecker.Revision(
                Integer.parseInt(version[0]), Integer.parseInt(version[1]), current, ExampleFiles.valid()));

        assertThat(revisions).hasSizeGreaterThanOrEqualTo(2);
        assertThat(CompatibilityChecker.check(revisions)).isEmpty();
    }

    @Test
    void currentSchema_whenItsRevisionIsReleased_equalsTheReleasedSchema() throws Exception {
        QrMessageSchema current = QrMessageSchema.v1();
        CompatibilityChecker.Revision released = CompatibilityChecker.load(RELEASES).stream()
                .filter(r -> r.version().equals(current.revision()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("revision " + current.revision() + " has no folder releases/v"
                        + current.revision() + ": release it (see releases/README.md)"));

        assertThat(JSON.readTree(current.schemaJson()))
                .as("a released revision is never edited in place: set a new x-revision and add its releases folder")
                .isEqualTo(JSON.readTree(released.schema().schemaJson()));
    }

    @Test
    void corrections_whenReleased_wereAcceptedByThePreviousRevisionAndAreRefusedFromThenOn() {
        List<CompatibilityChecker.Revision> revisions = CompatibilityChecker.load(RELEASES);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < revisions.size(); i++) {
            CompatibilityChecker.Revision revision = revisions.get(i);
            for (ExampleFiles.Example body : revision.corrections()) {
                if (i == 0
                        || !revisions.get(i - 1).schema().validate(body.body()).isValid()) {
                    problems.add(body + " of v" + revision.version()
                            + " is no correction: the previous revision refused it already");
                }
                for (CompatibilityChecker.Revision later : revisions.subList(i, revisions.size())) {
                    if (later.schema().validate(body.body()).isValid()) {
                        problems.add(body + " corrected in v" + revision.version() + " is accepted again by v"
                                + later.version());
                    }
                }
            }
        }

        assertThat(revisions.stream().mapToInt(r -> r.corrections().size()).sum())
                .isGreaterThan(0);
        assertThat(problems).isEmpty();
    }

    @Test
    void invalidExamples_whenAnEarlierRevisionAcceptedThem_areDeclaredCorrections() {
        // A tightening that breaks no released valid example would pass the check above unnoticed; every invalid
        // example of today that a released revision accepted must be a declared correction of a later revision.
        List<CompatibilityChecker.Revision> revisions = CompatibilityChecker.load(RELEASES);
        List<String> undeclared = new ArrayList<>();
        for (ExampleFiles.Example example : ExampleFiles.invalid()) {
            for (int i = 0; i < revisions.size(); i++) {
                if (!revisions.get(i).schema().validate(example.body()).isValid()) {
                    continue;
                }
                boolean declared = revisions.subList(i + 1, revisions.size()).stream()
                        .flatMap(r -> r.corrections().stream())
                        .anyMatch(c -> java.util.Arrays.equals(c.body(), example.body()));
                if (!declared) {
                    undeclared.add(
                            example + " (accepted by v" + revisions.get(i).version() + ")");
                }
            }
        }

        assertThat(undeclared)
                .as("copy them into releases/vX.Y/corrected/ of the revision that refuses them, with a decision")
                .isEmpty();
    }

    @Test
    void check_whenALaterRevisionTightensAConstraint_reportsTheBrokenExample() throws Exception {
        ObjectNode tightened = (ObjectNode) JSON.readTree(QrMessageSchema.v1().schemaJson());
        ((ObjectNode) tightened.path("properties").path("ClientID")).put("maxLength", 8);
        tightened.put("x-revision", "1.1");

        List<CompatibilityChecker.Violation> violations = CompatibilityChecker.check(List.of(
                revision(0, QrMessageSchema.v1(), ExampleFiles.valid()),
                revision(1, QrMessageSchema.fromJson(tightened.toString()), List.of())));

        assertThat(violations).isNotEmpty();
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.example()).isEqualTo("01-seed-sample.json");
            assertThat(v.exampleRevision()).isEqualTo("1.0");
            assertThat(v.schemaRevision()).isEqualTo("1.1");
            assertThat(v.errors()).extracting(ValidationError::code).containsExactly(ValidationErrorCode.MAX_LENGTH);
        });
    }

    @Test
    void check_whenALaterRevisionAddsAnOptionalPropertyAndAnEnumValue_findsNoViolation() throws Exception {
        ObjectNode loosened = (ObjectNode) JSON.readTree(QrMessageSchema.v1().schemaJson());
        ((ObjectNode) loosened.path("properties")).putObject("DOOR").put("type", "string");
        ((ArrayNode) loosened.path("properties").path("STATE").path("enum")).add("SUSPENDED");
        loosened.put("x-revision", "1.1");

        assertThat(CompatibilityChecker.check(List.of(
                        revision(0, QrMessageSchema.v1(), ExampleFiles.valid()),
                        revision(1, QrMessageSchema.fromJson(loosened.toString()), List.of()))))
                .isEmpty();
    }

    @Test
    void check_whenAnEarlierRevisionIsStricter_doesNotRequireLaterExamplesToBeValidUnderIt() throws Exception {
        ObjectNode stricter = (ObjectNode) JSON.readTree(QrMessageSchema.v1().schemaJson());
        ((ObjectNode) stricter.path("properties").path("ClientID")).put("maxLength", 8);

        assertThat(CompatibilityChecker.check(List.of(
                        revision(0, QrMessageSchema.fromJson(stricter.toString()), List.of()),
                        revision(1, QrMessageSchema.v1(), ExampleFiles.valid()))))
                .isEmpty();
    }

    private static CompatibilityChecker.Revision revision(
            int minor, QrMessageSchema schema, List<ExampleFiles.Example> examples) {
        return new CompatibilityChecker.Revision(1, minor, schema, examples);
    }
}
