package com.qrrouter.router.testing;

import com.qrrouter.local.runtime.RuntimeClasses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link HandlerRunner} in a fresh JVM with the deployable jar on the class path, the way Lambda would: only the
 * given environment, the production log configuration ({@code log4j2.xml} of the jar, not the test one).
 */
public final class ChildJvm {

    /** What a run printed and how it ended. */
    public record Run(int exitCode, String output, long wallMillis) {

        private static final Pattern RESULT = Pattern.compile(
                "RESULT jvmToMainMs=(\\d+) initMs=(\\d+) firstBatchMs=(\\d+) jvmToBatchDoneMs=(\\d+) failures=\\[(.*)]");

        private Matcher result() {
            Matcher matcher = RESULT.matcher(output);
            if (!matcher.find()) {
                throw new IllegalStateException("The handler did not finish (exit " + exitCode + "):\n" + output);
            }
            return matcher;
        }

        public long jvmToBatchDoneMillis() {
            return Long.parseLong(result().group(4));
        }

        public long initMillis() {
            return Long.parseLong(result().group(2));
        }

        public long firstBatchMillis() {
            return Long.parseLong(result().group(3));
        }

        public List<String> failures() {
            String failures = result().group(5);
            return failures.isEmpty() ? List.of() : List.of(failures.split(","));
        }
    }

    private ChildJvm() {}

    /** The deployable jar, built by {@code package}. */
    public static Path routerJar() {
        Path jar = Path.of("target", "router-function.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        return jar;
    }

    /**
     * Runs {@code handlerClass} on {@code event} in a new JVM.
     *
     * @param environment the complete environment of the child (nothing is inherited but PATH)
     */
    public static Run run(String handlerClass, Path event, Map<String, String> environment) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = routerJar()
                + File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath()
                + File.pathSeparator
                + RuntimeClasses.location();
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile="
                        + Path.of("src", "main", "resources", "log4j2.xml").toAbsolutePath(),
                "-cp",
                classPath,
                HandlerRunner.class.getName(),
                handlerClass,
                event.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(environment);
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The child JVM did not end within 60 s");
            }
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8), wall);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
