package com.qrrouter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Test fixtures stay out of the jars that ship (decision 0012): no main jar, and not the router jar, carries one of the
 * contract's example messages or the {@code Examples} class that serves them. Read from the jars this build packaged.
 */
class MainJarsTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path ROUTER_JAR = REPOSITORY.resolve("router-function/target/router-function.jar");

    /** The one example a main jar may carry, and why: the demo message {@code ./run local} prints. */
    private static final Map<String, String> ALLOWED = Map.of(
            "local:com/qrrouter/local/01-seed-sample.json",
            "the demo message ./run local prints (LocalStack.SEED_SAMPLE)");

    @Test
    void mainJars_whenPackaged_carryNoExampleMessageNorExamples() throws IOException {
        Map<String, byte[]> examples = exampleMessages();
        List<Path> jars = mainJars();
        assertThat(jars)
                .as("the router jar and the main jars, packaged by this build (run with -am or the whole build)")
                .contains(ROUTER_JAR);

        List<String> found = new ArrayList<>();
        for (Path jar : jars) {
            String module = jar.getParent().getParent().getFileName().toString();
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : file.stream().toList()) {
                    String name = entry.getName();
                    if (ALLOWED.containsKey(module + ":" + name)) {
                        continue;
                    }
                    if (name.endsWith("/Examples.class")) {
                        found.add(jar.getFileName() + "!" + name);
                    } else if (name.endsWith(".json")) {
                        byte[] bytes = file.getInputStream(entry).readAllBytes();
                        examples.forEach((example, exampleBytes) -> {
                            if (Arrays.equals(bytes, exampleBytes)) {
                                found.add(jar.getFileName() + "!" + name + " (= schemas/examples/" + example + ")");
                            }
                        });
                    }
                }
            }
        }
        assertThat(found)
                .as("test fixtures in jars that ship: move them to a test-jar (see schemas' Examples)")
                .isEmpty();
    }

    private static Map<String, byte[]> exampleMessages() throws IOException {
        Map<String, byte[]> examples = new TreeMap<>();
        for (String kind : List.of("valid", "invalid")) {
            try (Stream<Path> files =
                    Files.list(REPOSITORY.resolve("schemas/examples").resolve(kind))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                        .filter(f -> !f.toString().endsWith(".expected.json"))
                        .toList()) {
                    examples.put(kind + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        }
        assertThat(examples).as("the contract's examples in schemas/examples").isNotEmpty();
        return examples;
    }

    private static List<Path> mainJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String module : ArchitectureTest.MODULES) {
            Path target = REPOSITORY.resolve(module).resolve("target");
            if (!Files.isDirectory(target)) {
                continue;
            }
            try (Stream<Path> files = Files.list(target)) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                        .filter(f -> !f.getFileName().toString().endsWith("-tests.jar"))
                        .filter(f -> !f.getFileName().toString().startsWith("original-"))
                        .sorted()
                        .forEach(jars::add);
            }
        }
        return jars;
    }
}
