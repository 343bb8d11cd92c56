package com.qrrouter.local.runtime;

import com.qrrouter.local.LocalAws;
import com.qrrouter.settings.PipelineSettings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Lambda handler of the router jar running in a fresh JVM of its own, as Lambda's Java 21 runtime runs a function:
 * the one way the local stack ({@code RouterProcess}), the router's jar ITs and its benchmark run the jar.
 *
 * <ul>
 *   <li><b>Start</b> ({@link Builder#start()}): {@code java} with Lambda's JVM flags ({@link #lambdaJvmOptions(int)}),
 *       the jar (plus any extra class path) and the local runtime classes on the class path, exactly the given
 *       environment plus {@code PATH}; its main class is {@link LambdaRuntime}. Its output (stdout and stderr: the
 *       function's logs) goes to a stream or a file.
 *   <li><b>Ready</b> ({@link #awaitReady()}): the handler is constructed (the init phase), or its init error is
 *       thrown.
 *   <li><b>Invoke</b> ({@link #invoke(List)}), batch after batch over a loopback socket ({@link RouterWire}): the
 *       handler's remaining time counts down from the function timeout, counted from the call; no answer by then and
 *       the JVM is killed.
 *   <li><b>Measure</b> ({@link #usage()}, {@link #collectGarbage()}): the JVM's own CPU, GC and allocation figures, for
 *       the benchmark.
 *   <li><b>Stop</b> ({@link #stop()}): the connection closed, the runtime ends the JVM (exit 0); SIGTERM, then SIGKILL
 *       if it does not. {@link #kill()} kills it at once, from any thread.
 * </ul>
 *
 * <p>Freezing between invocations, and a fresh JVM after a crash, are the local stack's execution environment's
 * ({@code RouterProcess}), on top of this.
 */
public final class RouterJvm implements AutoCloseable {

    /** The handler that {@code infra/} configures. */
    public static final String ROUTER_HANDLER = "com.qrrouter.router.RouterHandler::handleRequest";

    /** The function name when neither it nor {@code AWS_LAMBDA_FUNCTION_NAME} is given. */
    static final String DEFAULT_FUNCTION_NAME = "qr-router-local";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration USAGE_TIMEOUT = Duration.ofSeconds(60);
    /** How long a JVM may take to end by itself once its connection is closed (flight recordings are dumped then). */
    private static final Duration NORMAL_EXIT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);

    private final Duration timeout;
    private final String outputHint;
    private final Process process;
    private final Thread pump;
    private final ServerSocket listener;
    private final Instant launched;

    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;
    private Startup startup;

    /**
     * The JVM flags of Lambda's Java 21 runtime for a function of {@code memoryMb}: tiered compilation stopped at C1
     * (AWS Lambda developer guide, "Customize Java runtime startup behavior": fast warm-up, no C2 compiler threads
     * competing for the function's fraction of a CPU; full C2 spent a third of the router JVM's CPU compiling during a
     * local load run, work Lambda does not do), the serial collector (what the JVM picks by itself with the memory of a
     * function), the heap bounded by the function's memory.
     */
    public static List<String> lambdaJvmOptions(int memoryMb) {
        return List.of(
                "-Xmx" + memoryMb + "m", "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    }

    /**
     * How to run {@code jar}; every setting but the jar has a default.
     *
     * @throws IllegalStateException if the jar does not exist, saying how to build it
     */
    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    /**
     * When the JVM was launched and when its handler was ready, both on the launcher's clock, and how long the
     * handler's construction took, measured in the JVM.
     */
    public record Startup(Instant launched, Instant ready, Duration handlerInit) {

        /** From the launch to ready: process, JVM start and handler construction. */
        public Duration launchToReady() {
            return Duration.between(launched, ready);
        }
    }

    private RouterJvm(Builder spec, ServerSocket listener, Process process, Instant launched) {
        this.timeout = spec.timeout;
        this.outputHint = spec.outputFile != null ? "its output is in " + spec.outputFile : "see its output above";
        this.listener = listener;
        this.process = process;
        this.launched = launched;
        this.pump = spec.outputFile == null ? pump(process, spec.outputStream) : null;
    }

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the handler is constructed (at once if it is). Does not time out once the JVM has connected: an init
     * may take long on a loaded machine, and {@link #kill()} ends a wait.
     *
     * @throws RouterJvmException {@code INIT_ERROR} with the handler's stack trace, or {@code NOT_STARTED} if the JVM
     *     ended or did not connect within 60 s (it is killed then)
     */
    public synchronized Startup awaitReady() {
        if (startup != null) {
            return startup;
        }
        if (listener.isClosed()) {
            throw new RouterJvmException(
                    RouterJvmException.Failure.NOT_STARTED, "The router's JVM is stopped; " + outputHint, null);
        }
        try {
            socket = accept();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            int kind = in.readInt();
            if (kind == RouterWire.READY) {
                long initNanos = in.readLong();
                startup = new Startup(launched, Instant.now(), Duration.ofNanos(initNanos));
                return startup;
            }
            String message = RouterWire.readString(in);
            closeConnection();
            throw new RouterJvmException(
                    RouterJvmException.Failure.INIT_ERROR,
                    "The router failed to start (init error):\n" + message,
                    null);
        } catch (IOException e) {
            kill();
            closeConnection();
            throw new RouterJvmException(
                    RouterJvmException.Failure.NOT_STARTED,
                    "The router's JVM did not start: " + e.getMessage() + "; " + outputHint,
                    e);
        } finally {
            closeQuietly(listener);
        }
    }

    /**
     * Invokes the handler with one batch, waiting first for it to be ready. The invocation starts now: the handler's
     * remaining time counts down from the function timeout, and without an answer by then the JVM is killed.
     *
     * @return the message ids of the batch item failures
     * @throws RouterJvmException {@code HANDLER_ERROR} if the handler threw (the JVM serves the next batch),
     *     {@code TIMED_OUT} or {@code ENDED} (the JVM is gone), or as {@link #awaitReady()}
     */
    public synchronized List<String> invoke(List<SqsRecord> records) {
        awaitReady();
        String requestId = UUID.randomUUID().toString();
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        long deadlineEpochMillis = System.currentTimeMillis() + timeout.toMillis();
        requireConnection("invocation " + requestId);
        try {
            RouterWire.writeBatch(out, requestId, deadlineEpochMillis, records);
            socket.setSoTimeout(millisUntil(deadlineNanos));
            int kind = in.readInt();
            socket.setSoTimeout(millisUntil(deadlineNanos));
            if (kind == RouterWire.OK) {
                int count = in.readInt();
                List<String> failed = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    failed.add(RouterWire.readString(in));
                }
                return failed;
            }
            if (kind != RouterWire.ERROR) {
                throw new IOException("Unexpected answer " + kind);
            }
            String message = RouterWire.readString(in);
            throw new RouterJvmException(
                    RouterJvmException.Failure.HANDLER_ERROR,
                    "The router failed the invocation " + requestId + ":\n" + message,
                    null);
        } catch (SocketTimeoutException e) {
            kill();
            closeConnection();
            throw new RouterJvmException(
                    RouterJvmException.Failure.TIMED_OUT,
                    "The router did not answer within its timeout of " + timeout.toSeconds()
                            + " s; its JVM was killed [requestId=" + requestId + "]",
                    e);
        } catch (IOException e) {
            kill();
            closeConnection();
            throw new RouterJvmException(
                    RouterJvmException.Failure.ENDED,
                    "The router's JVM ended during invocation " + requestId + "; " + outputHint,
                    e);
        }
    }

    /** The JVM's own CPU, GC and allocation figures now (between invocations). */
    public synchronized JvmUsage usage() {
        return requestUsage(false);
    }

    /** Has the JVM run a full garbage collection ({@code System.gc()}), e.g. before measuring with {@link #usage()}. */
    public synchronized void collectGarbage() {
        requestUsage(true);
    }

    private JvmUsage requestUsage(boolean collectGarbageFirst) {
        awaitReady();
        requireConnection("the usage request");
        try {
            RouterWire.writeUsageRequest(out, collectGarbageFirst);
            socket.setSoTimeout(Math.toIntExact(USAGE_TIMEOUT.toMillis()));
            int kind = in.readInt();
            if (kind != RouterWire.USAGE) {
                throw new IOException("Unexpected answer " + kind);
            }
            return RouterWire.readUsage(in);
        } catch (IOException e) {
            kill();
            closeConnection();
            throw new RouterJvmException(
                    RouterJvmException.Failure.ENDED,
                    "The router's JVM did not report its usage (" + e.getMessage() + "); it was killed; " + outputHint,
                    e);
        }
    }

    /**
     * Kills the JVM at once (SIGKILL), whatever it is doing, and returns once it is gone: a request in flight fails
     * with {@code ENDED}. Safe to call from any thread, at any time.
     */
    public void kill() {
        process.destroyForcibly();
        awaitExit(EXIT_TIMEOUT);
    }

    /**
     * Ends the JVM in order: its connection closed, the runtime exits by itself; SIGTERM if it has not within 30 s,
     * SIGKILL at last. Returns once its output is copied.
     *
     * @return the JVM's exit code: 0 after a normal end, 1 after an init error, 137 after SIGKILL
     */
    public synchronized int stop() {
        closeConnection();
        closeQuietly(listener);
        if (!awaitExit(NORMAL_EXIT_TIMEOUT)) {
            process.destroy();
            if (!awaitExit(EXIT_TIMEOUT)) {
                kill();
            }
        }
        if (pump != null) {
            try {
                pump.join(EXIT_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Waits for the child to connect, giving up as soon as it has died (a crash or {@link #kill()} during init). */
    private Socket accept() throws IOException {
        listener.setSoTimeout(200);
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (true) {
            try {
                return listener.accept();
            } catch (SocketTimeoutException e) {
                if (!process.isAlive()) {
                    throw new IOException("it ended before it was ready (exit " + process.exitValue() + ")", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("it did not connect within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
                }
            }
        }
    }

    private void requireConnection(String request) {
        if (socket == null) {
            throw new RouterJvmException(
                    RouterJvmException.Failure.ENDED,
                    "The router's JVM has ended before " + request + "; " + outputHint,
                    null);
        }
    }

    private void closeConnection() {
        if (socket != null) {
            closeQuietly(socket);
        }
        socket = null;
        in = null;
        out = null;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing a socket the process has left; nothing to do.
        }
    }

    /** True if the JVM has ended within {@code timeout}. */
    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** At least 1 ms: a socket timeout of 0 would wait for ever. */
    private static int millisUntil(long deadlineNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return Math.toIntExact(Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
    }

    /** Copies the child's output, line by line, to {@code sink} until the child ends. */
    private static Thread pump(Process child, PrintStream sink) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            sink.println(line);
                        }
                    } catch (IOException e) {
                        // The process ended; nothing more to copy.
                    }
                },
                "router-output-" + child.pid());
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    /** How to run the jar: handler, environment, function identity and size, JVM options, output. */
    public static final class Builder {

        private final Path jar;
        private String handler = ROUTER_HANDLER;
        private Map<String, String> environment = Map.of();
        private String functionName;
        private String functionArn;
        private int memoryMb = PipelineSettings.FUNCTION_MEMORY_MB;
        private Duration timeout = PipelineSettings.FUNCTION_TIMEOUT;
        private List<String> jvmOptions = List.of();
        private List<Path> classPath = List.of();
        private PrintStream outputStream = System.out;
        private Path outputFile;

        private Builder(Path jar) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("The router jar " + jar.toAbsolutePath()
                        + " is missing: build it with ./mvnw -pl router-function package");
            }
            this.jar = jar.toAbsolutePath();
        }

        /** The handler, {@code class::method} as in the function's configuration. Default: {@link #ROUTER_HANDLER}. */
        public Builder handler(String handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** The complete environment of the JVM: nothing else is inherited but {@code PATH}. Default: empty. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * The function name in the handler's context. Default: the environment's {@code AWS_LAMBDA_FUNCTION_NAME}, as
         * on Lambda, else {@value #DEFAULT_FUNCTION_NAME}.
         */
        public Builder functionName(String functionName) {
            this.functionName = Objects.requireNonNull(functionName, "functionName");
            return this;
        }

        /** The function ARN in the handler's context. Default: the function's in the local stand-ins' account. */
        public Builder functionArn(String functionArn) {
            this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
            return this;
        }

        /** The function's memory: the heap's bound and the context's memory limit. Default: the router's. */
        public Builder memoryMb(int memoryMb) {
            if (memoryMb < 128) {
                throw new IllegalArgumentException("memoryMb must be at least 128 (Lambda's minimum): " + memoryMb);
            }
            this.memoryMb = memoryMb;
            return this;
        }

        /** The function timeout, counted from each invocation's start. Default: the router's. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * JVM options after Lambda's ({@link #lambdaJvmOptions(int)}), so that an option given here wins (e.g. the
         * flight recorder, or {@code -XX:TieredStopAtLevel=4} for full C2). Default: none.
         */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** Class path entries after the jar, e.g. a test handler's classes. Default: none, the jar alone. */
        public Builder classPath(List<Path> classPath) {
            this.classPath = classPath.stream().map(Path::toAbsolutePath).toList();
            return this;
        }

        /** Where the JVM's stdout and stderr go, line by line. Default: {@code System.out}. */
        public Builder output(PrintStream sink) {
            this.outputStream = Objects.requireNonNull(sink, "sink");
            this.outputFile = null;
            return this;
        }

        /** Writes the JVM's stdout and stderr to {@code file}, replacing what it holds. */
        public Builder output(Path file) {
            this.outputFile = file.toAbsolutePath();
            this.outputStream = null;
            return this;
        }

        /**
         * Launches a fresh JVM; returns at once, {@link RouterJvm#awaitReady()} waits for its init. Each call starts
         * another JVM with these settings.
         *
         * @throws RouterJvmException {@code NOT_STARTED} if the process cannot be started
         */
        public RouterJvm start() {
            ServerSocket listener = null;
            try {
                listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ProcessBuilder builder = new ProcessBuilder(command(listener.getLocalPort())).redirectErrorStream(true);
                builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
                builder.environment().putAll(environment);
                if (outputFile != null) {
                    builder.redirectOutput(outputFile.toFile());
                }
                Instant launched = Instant.now();
                Process process = builder.start();
                return new RouterJvm(this, listener, process, launched);
            } catch (IOException e) {
                if (listener != null) {
                    closeQuietly(listener);
                }
                throw new RouterJvmException(
                        RouterJvmException.Failure.NOT_STARTED, "The router's JVM could not be launched: " + e, e);
            }
        }

        /** The command line of a JVM that connects to {@code port}. */
        List<String> command(int port) {
            String name = functionName != null
                    ? functionName
                    : environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", DEFAULT_FUNCTION_NAME);
            String arn = functionArn != null
                    ? functionArn
                    : "arn:aws:lambda:" + LocalAws.REGION.id() + ":" + LocalAws.ACCOUNT_ID + ":function:" + name;
            List<Path> path = new ArrayList<>();
            path.add(jar);
            path.addAll(classPath);
            path.add(RuntimeClasses.location());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(lambdaJvmOptions(memoryMb));
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            command.add(LambdaRuntime.class.getName());
            command.add(handler);
            command.add(String.valueOf(port));
            command.add(name);
            command.add(arn);
            command.add(String.valueOf(memoryMb));
            return command;
        }
    }
}
