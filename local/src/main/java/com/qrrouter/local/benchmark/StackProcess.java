package com.qrrouter.local.benchmark;

import com.qrrouter.local.FreePort;
import com.qrrouter.local.internal.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local stack in a JVM of its own ({@code LocalStackMain}), a child of the benchmark, on free ports: its CPU is not
 * the benchmark's, and what it costs per scan can be read from {@code /proc}. Its output (the banner, its logs and the
 * router's) goes to a log file; the banner is read from there.
 */
final class StackProcess implements AutoCloseable {

    static final String MAIN_CLASS = "com.qrrouter.local.LocalStackMain";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess child;
    private final Path log;
    private final StackBanner banner;

    private StackProcess(ChildProcess child, Path log, StackBanner banner) {
        this.child = child;
        this.log = log;
        this.banner = banner;
    }

    /**
     * Starts the stack and waits for its banner.
     *
     * @param classPath the class path of {@code local} (its classes and runtime dependencies)
     * @param jvmOptions options of the stack's JVM (e.g. a flight recording)
     * @param stackOptions options of {@code LocalStackMain} besides the ports, which are picked here
     * @param log where the stack's output goes
     * @throws IllegalStateException with the end of the log, if it exits or prints no banner within {@code timeout}
     */
    static StackProcess start(
            String classPath, List<String> jvmOptions, List<String> stackOptions, Path log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN_CLASS);
        for (String port : List.of("api", "token", "sqs", "dynamodb", "mqtt", "iot-data")) {
            command.add("--" + port + "-port=" + FreePort.find());
        }
        command.addAll(stackOptions);
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the stack's JVM (" + command.get(0) + ")", e);
        }
        // SIGTERM to the stack's JVM only: its own shutdown hook stops every service and its router JVMs.
        ChildProcess child = ChildProcess.watch(process, "load-benchmark-stack", STOP_TIMEOUT, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Optional<StackBanner> banner = StackBanner.parse(read(log));
                if (banner.isPresent()) {
                    return new StackProcess(child, log, banner.get());
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("The stack exited with code " + process.exitValue()
                            + " before it was running; the end of its log " + log.toAbsolutePath() + ":\n"
                            + tail(read(log)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The stack printed no banner within " + timeout.toSeconds()
                            + " s; the end of its log " + log.toAbsolutePath() + ":\n" + tail(read(log)));
                }
                Thread.sleep(100);
            }
        } catch (RuntimeException | InterruptedException e) {
            child.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the stack was starting", e);
            }
            throw (RuntimeException) e;
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\\R");
        int from = Math.max(0, lines.length - 30);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    StackBanner banner() {
        return banner;
    }

    ProcessHandle handle() {
        return child.process().toHandle();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return child.process().isAlive();
    }

    @Override
    public void close() {
        child.close();
    }
}
