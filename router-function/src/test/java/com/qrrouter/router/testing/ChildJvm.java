package com.qrrouter.router.testing;

import com.qrrouter.local.runtime.RuntimeClasses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
     * The JVM flags of Lambda's Java runtime: tiered compilation stopped at C1 (fast warm-up, no C2 compiler threads
     * competing for the function's fraction of a CPU).
     */
    public static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    /**
     * Runs {@code handlerClass} on {@code event} in a new JVM.
     *
     * @param environment the complete environment of the child (nothing is inherited but PATH)
     */
    public static Run run(String handlerClass, Path event, Map<String, String> environment) {
        return run(
                LAMBDA_JVM_OPTIONS,
                HandlerRunner.class.getName(),
                List.of(handlerClass, event.toAbsolutePath().toString()),
                environment,
                null,
                Duration.ofSeconds(60));
    }

    /**
     * Runs {@code mainClass} in a new JVM with the deployable jar, the test classes and the local runtime classes on its
     * class path, and the production log configuration.
     *
     * @param jvmOptions options before the main class (heap, compiler, flight recorder...)
     * @param environment the complete environment of the child (nothing is inherited but PATH)
     * @param outputFile where the child's stdout and stderr go (kept for troubleshooting), or {@code null} to keep
     *     them in memory only
     * @param timeout how long the child may run; it is killed after that
     */
    public static Run run(
            List<String> jvmOptions,
            String mainClass,
            List<String> arguments,
            Map<String, String> environment,
            Path outputFile,
            Duration timeout) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = routerJar()
                + File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath()
                + File.pathSeparator
                + RuntimeClasses.location();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-Dlog4j2.configurationFile="
                + Path.of("src", "main", "resources", "log4j2.xml").toAbsolutePath());
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(environment);
        try {
            Path output = outputFile != null ? outputFile : Files.createTempFile("child-jvm", ".log");
            builder.redirectOutput(output.toFile());
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "The child JVM did not end within " + timeout + "; output in " + output);
            }
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (outputFile == null) {
                Files.delete(output);
            }
            return new Run(process.exitValue(), text, wall);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
