package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two source files of the infra app import each other, directly or through others (issue #14: {@code StageConfig}
 * imported {@code internal.E2eTesterPolicy} for a constant while the policy imported {@code StageConfig}). The
 * compiler inlines such constants, so the class files cannot show the cycle: the imports are read.
 */
class SourceImportCyclesTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (com\\.qrrouter\\.infra\\.[\\w.]+);");

    /** Each main source file's class name and the classes of this module it imports (nested imports: their file). */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = MAIN.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                Set<String> imported = new TreeSet<>();
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    imported.add(topLevel(matcher.group(1)));
                }
                graph.put(name, imported);
            }
        }
        return graph;
    }

    /** {@code com.qrrouter.infra.internal.MachineClientAuth.TeamClient} → its file's class. */
    private static String topLevel(String className) {
        String[] parts = className.split("\\.");
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(name.isEmpty() ? "" : ".").append(part);
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
        }
        return name.toString();
    }

    /** A path of imports from {@code from} back to itself, or empty. */
    private static List<String> cycleThrough(String from, Map<String, Set<String>> graph) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.add(List.of(from));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(from)) {
                    return longer;
                }
                if (seen.add(next)) {
                    paths.add(longer);
                }
            }
        }
        return List.of();
    }

    @Test
    void mainSources_whenImportsFollowed_neverComeBackToTheFileTheyStartFrom() throws IOException {
        Map<String, Set<String>> graph = imports();
        assertThat(graph).containsKeys("com.qrrouter.infra.StageConfig", "com.qrrouter.infra.internal.E2eTesterPolicy");

        List<List<String>> cycles = graph.keySet().stream()
                .map(name -> cycleThrough(name, graph))
                .filter(cycle -> !cycle.isEmpty())
                .toList();
        assertThat(cycles).as("import cycles between source files").isEmpty();
    }

    @Test
    void cycleThrough_whenTwoFilesImportEachOther_findsIt() {
        Map<String, Set<String>> graph = Map.of(
                "a.StageConfig", Set.of("a.internal.E2eTesterPolicy"),
                "a.internal.E2eTesterPolicy", Set.of("a.StageConfig"),
                "a.Other", Set.of("a.StageConfig"));

        assertThat(cycleThrough("a.StageConfig", graph))
                .containsExactly("a.StageConfig", "a.internal.E2eTesterPolicy", "a.StageConfig");
        assertThat(cycleThrough("a.Other", graph)).isEmpty();
    }
}
