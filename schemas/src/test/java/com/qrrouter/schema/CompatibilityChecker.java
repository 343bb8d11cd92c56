package com.qrrouter.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that minor revisions only loosen the contract: every example valid under a revision stays valid under that
 * revision and every later one.
 */
final class CompatibilityChecker {

    private static final Pattern FOLDER = Pattern.compile("v(\\d+)\\.(\\d+)");

    /**
     * A released (or candidate) revision: its version, its schema, its valid examples and its corrections (bodies the
     * previous revision accepted that this one refuses on purpose, each named by a decision; see releases/README.md).
     */
    record Revision(
            int major,
            int minor,
            QrMessageSchema schema,
            List<ExampleFiles.Example> validExamples,
            List<ExampleFiles.Example> corrections) {
        Revision(int major, int minor, QrMessageSchema schema, List<ExampleFiles.Example> validExamples) {
            this(major, minor, schema, validExamples, List.of());
        }

        String version() {
            return major + "." + minor;
        }
    }

    /** An example of revision {@code exampleRevision} that revision {@code schemaRevision} refuses. */
    record Violation(String exampleRevision, String example, String schemaRevision, List<ValidationError> errors) {
        @Override
        public String toString() {
            return "example " + example + " of v" + exampleRevision + " is refused by v" + schemaRevision + ": "
                    + errors;
        }
    }

    private CompatibilityChecker() {}

    /** Loads every {@code vMAJOR.MINOR} folder under {@code releases}, ordered by version. */
    static List<Revision> load(Path releases) {
        try (Stream<Path> folders = Files.list(releases)) {
            List<Revision> out = new ArrayList<>();
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Matcher name = FOLDER.matcher(folder.getFileName().toString());
                if (!name.matches()) {
                    throw new IllegalStateException(folder + " is not named vMAJOR.MINOR");
                }
                int major = Integer.parseInt(name.group(1));
                Path schemaFile = folder.resolve("qr-message.v" + major + ".schema.json");
                QrMessageSchema schema = QrMessageSchema.fromJson(Files.readString(schemaFile, StandardCharsets.UTF_8));
                Path corrected = folder.resolve("corrected");
                out.add(new Revision(
                        major,
                        Integer.parseInt(name.group(2)),
                        schema,
                        ExampleFiles.list(folder.resolve("valid"), false),
                        Files.isDirectory(corrected) ? ExampleFiles.list(corrected, false) : List.of()));
            }
            out.sort(Comparator.comparingInt(Revision::major).thenComparingInt(Revision::minor));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation among {@code revisions} of one major version; empty if all later revisions are compatible. */
    static List<Violation> check(List<Revision> revisions) {
        List<Violation> violations = new ArrayList<>();
        for (Revision earlier : revisions) {
            for (Revision later : revisions) {
                if (later.major() != earlier.major() || later.minor() < earlier.minor()) {
                    continue;
                }
                for (ExampleFiles.Example example : earlier.validExamples()) {
                    ValidationResult result = later.schema().validate(example.body());
                    if (!result.isValid()) {
                        violations.add(
                                new Violation(earlier.version(), example.name(), later.version(), result.errors()));
                    }
                }
            }
        }
        return violations;
    }
}
