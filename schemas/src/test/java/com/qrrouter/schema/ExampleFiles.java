package com.qrrouter.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example files under {@code schemas/examples} (and a release's under {@code schemas/releases}), read from the
 * folders themselves as the tests of the contract need them, with the errors each invalid one must produce. Other
 * modules read the same files through {@link Examples}, from the jar.
 */
final class ExampleFiles {

    /** Tests run with the module folder as working directory (surefire default). */
    static final Path ROOT = Path.of("examples");

    static final Path VALID = ROOT.resolve("valid");
    static final Path INVALID = ROOT.resolve("invalid");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleFiles() {}

    /** An expected error of an invalid example. */
    record Expected(ValidationErrorCode code, String pointer) {}

    /** One example file: its name, its exact bytes and, for an invalid one, the errors it must produce. */
    record Example(String name, byte[] body, List<Expected> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Example> valid() {
        return list(VALID, false);
    }

    static List<Example> invalid() {
        return list(INVALID, true);
    }

    static List<Example> list(Path folder, boolean withExpectations) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> bodies = files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".expected.json"))
                    .sorted()
                    .toList();
            List<Example> out = new ArrayList<>();
            for (Path body : bodies) {
                String name = body.getFileName().toString();
                List<Expected> expected = withExpectations ? expected(folder, name) : List.of();
                out.add(new Example(name, Files.readAllBytes(body), expected));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Expected> expected(Path folder, String name) throws IOException {
        Path file = folder.resolve(name.replaceFirst("\\.json$", ".expected.json"));
        if (!Files.exists(file)) {
            throw new IllegalStateException("invalid example " + name + " has no " + file.getFileName()
                    + ": document the errors it must produce as [{\"code\": ..., \"pointer\": ...}]");
        }
        List<Expected> out = new ArrayList<>();
        for (JsonNode error : JSON.readTree(file.toFile())) {
            out.add(new Expected(
                    ValidationErrorCode.valueOf(error.path("code").asText()),
                    error.path("pointer").asText()));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file + " lists no error");
        }
        return out;
    }
}
