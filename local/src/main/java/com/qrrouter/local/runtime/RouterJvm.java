package com.qrrouter.local.runtime;

import com.qrrouter.local.LocalAws;
import com.qrrouter.settings.PipelineSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A Lambda handler of the router jar running in a fresh JVM of its own, as Lambda's Java 21 runtime runs a function:
 * the one way the local stack ({@code RouterProcess}), the router's jar ITs and its benchmark run the jar.
 *
 * <ul>
 *   <li><b>Start</b> ({@link Builder#start()}): {@code java} with Lambda's JVM flags ({@link #lambdaJvmOptions(int)}),
 *       main class AWS's runtime interface client ({@value #RUNTIME_INTERFACE_CLIENT}, the handler string its
 *       argument), class path = the client's jars + the router jar (plus any extra entries), exactly the given
 *       environment plus {@code PATH} and what Lambda sets (among them {@code AWS_LAMBDA_RUNTIME_API}: this JVM's own
 *       {@link RuntimeApiServer} on loopback). Its output (stdout and stderr: the function's logs) goes to a stream or a
 *       file.
 *   <li><b>Ready</b> ({@link #awaitReady()}): the client asked for its first invocation (the handler is constructed),
 *       or reported an init error.
 *   <li><b>Invoke</b> ({@link #invoke(String)}): one event (JSON, as Lambda sends it) through the Runtime API; the
 *       answer is the handler's result as Lambda's Java runtime serializes it. The function timeout counts from the
 *       call; no answer by then and the JVM is killed.
 *   <li><b>Measure</b> ({@link #usage()}, {@link #collectGarbage()}): the JVM's CPU, GC and allocation figures, read
 *       through the JDK's attach API and the JVM's management agent, for the benchmark.
 *   <li><b>Stop</b> ({@link #stop()}): SIGTERM (the client has no other way to end), SIGKILL if it does not end.
 *       {@link #kill()} kills it at once, from any thread.
 * </ul>
 *
 * <p>Freezing between invocations, and a fresh JVM after a crash, are the local stack's execution environment's
 * ({@code RouterProcess}), on top of this.
 */
public final class RouterJvm implements AutoCloseable {

    /** The handler that {@code infra/} configures ({@link PipelineSettings#ROUTER_HANDLER}). */
    public static final String ROUTER_HANDLER = PipelineSettings.ROUTER_HANDLER;

    /** The main class of the router's JVM: AWS's Java runtime interface client. */
    public static final String RUNTIME_INTERFACE_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** The function name when neither it nor {@code AWS_LAMBDA_FUNCTION_NAME} is given. */
    static final String DEFAULT_FUNCTION_NAME = "qr-router-local";

    /** How long a JVM may take to boot and construct its handler before it counts as not started. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /** How long a JVM may take to end on SIGTERM (flight recordings are dumped then). */
    private static final Duration NORMAL_EXIT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 200;

    private final Duration timeout;
    private final String functionArn;
    private final String outputHint;
    private final Process process;
    private final Thread pump;
    private final RuntimeApiServer api;
    private final Path taskRoot;
    private final Instant launched;

    private Startup startup;
    private JvmManagement management;

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
     * When the JVM was launched and when its handler was ready (its first {@code /next}), both on the launcher's clock,
     * and how long its init took: from the process's start, as Linux's {@code /proc} records it (10 ms steps), to ready
     * (JVM boot, the runtime client's start and the handler's construction; elsewhere from the launch).
     */
    public record Startup(Instant launched, Instant ready, Duration handlerInit) {

        /** From the launch to ready: process, JVM start and handler construction. */
        public Duration launchToReady() {
            return Duration.between(launched, ready);
        }
    }

    private RouterJvm(
            Builder spec, RuntimeApiServer api, Path taskRoot, Process process, Instant launched, String functionArn) {
        this.timeout = spec.timeout;
        this.functionArn = functionArn;
        this.outputHint = spec.outputFile != null ? "its output is in " + spec.outputFile : "see its output above";
        this.api = api;
        this.taskRoot = taskRoot;
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
     * Waits until the handler is constructed: the runtime client's first {@code /next} (at once if it came).
     *
     * @throws RouterJvmException {@code INIT_ERROR} with the function's error (type, message, stack trace), or
     *     {@code NOT_STARTED} if the JVM ended or was not ready within 180 s (it is killed then)
     */
    public synchronized Startup awaitReady() {
        if (startup != null) {
            return startup;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        CompletableFuture<Void> ready = api.ready();
        while (true) {
            try {
                ready.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                Instant now = Instant.now();
                Duration init = processAge(process.pid()).orElse(Duration.between(launched, now));
                startup = new Startup(launched, now, init);
                return startup;
            } catch (ExecutionException e) {
                awaitExit(EXIT_TIMEOUT);
                throw new RouterJvmException(
                        RouterJvmException.Failure.INIT_ERROR,
                        "The router failed to start (init error): "
                                + e.getCause().getMessage(),
                        null);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    throw new RouterJvmException(
                            RouterJvmException.Failure.NOT_STARTED,
                            "The router's JVM ended before it was ready (exit " + process.exitValue() + "); "
                                    + outputHint,
                            null);
                }
                if (System.nanoTime() > deadline) {
                    kill();
                    throw new RouterJvmException(
                            RouterJvmException.Failure.NOT_STARTED,
                            "The router's JVM was not ready within " + READY_TIMEOUT.toSeconds() + " s; it was killed; "
                                    + outputHint,
                            null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RouterJvmException(
                        RouterJvmException.Failure.NOT_STARTED, "Interrupted while the router's JVM started", e);
            }
        }
    }

    /**
     * Invokes the handler with one event (JSON, as Lambda sends it), waiting first for it to be ready. The invocation
     * starts now: its deadline (the handler's remaining time) is the function timeout from now, and without an answer
     * by then the JVM is killed.
     *
     * @return the handler's result as Lambda's Java runtime serialized it (JSON; {@code null} for a null result)
     * @throws RouterJvmException {@code HANDLER_ERROR} if the function reported an invocation error (its error type,
     *     message and stack trace; the JVM serves the next event), {@code TIMED_OUT} or {@code ENDED} (the JVM is
     *     gone), or as {@link #awaitReady()}
     */
    public synchronized String invoke(String event) {
        awaitReady();
        String requestId = UUID.randomUUID().toString();
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        long deadlineEpochMillis = System.currentTimeMillis() + timeout.toMillis();
        if (!process.isAlive()) {
            throw new RouterJvmException(
                    RouterJvmException.Failure.ENDED,
                    "The router's JVM has ended before invocation " + requestId + "; " + outputHint,
                    null);
        }
        RuntimeApiServer.Invocation invocation = new RuntimeApiServer.Invocation(
                requestId,
                deadlineEpochMillis,
                functionArn,
                traceId(),
                event.getBytes(StandardCharsets.UTF_8),
                new CompletableFuture<>());
        api.invoke(invocation);
        while (true) {
            try {
                RuntimeApiServer.Outcome outcome = invocation
                        .outcome()
                        .get(Math.max(1, Math.min(POLL_MILLIS, millisUntil(deadlineNanos))), TimeUnit.MILLISECONDS);
                return switch (outcome) {
                    case RuntimeApiServer.Response response -> new String(response.payload(), StandardCharsets.UTF_8);
                    case RuntimeApiServer.Failure failure ->
                        throw new RouterJvmException(
                                RouterJvmException.Failure.HANDLER_ERROR,
                                "The router failed the invocation " + requestId + ": " + failure.describe(),
                                null);
                };
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    api.abandon(invocation);
                    throw new RouterJvmException(
                            RouterJvmException.Failure.ENDED,
                            "The router's JVM ended during invocation " + requestId + " (exit " + process.exitValue()
                                    + "); " + outputHint,
                            null);
                }
                if (System.nanoTime() - deadlineNanos >= 0) {
                    api.abandon(invocation);
                    kill();
                    throw new RouterJvmException(
                            RouterJvmException.Failure.TIMED_OUT,
                            "The router did not answer within its timeout of " + timeout.toSeconds()
                                    + " s; its JVM was killed [requestId=" + requestId + "]",
                            null);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("An invocation's outcome is never completed exceptionally", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                api.abandon(invocation);
                throw new RouterJvmException(
                        RouterJvmException.Failure.ENDED, "Interrupted during invocation " + requestId, e);
            }
        }
    }

    /**
     * The JVM's CPU, GC and allocation figures now (between invocations), read through the JDK's attach API: the first
     * call starts the JVM's management agent (its threads then count in the figures too).
     */
    public synchronized JvmUsage usage() {
        try {
            return management().usage();
        } catch (IOException | RuntimeException e) {
            throw usageFailed(e);
        }
    }

    /** Has the JVM run a full garbage collection ({@code System.gc()}), e.g. before measuring with {@link #usage()}. */
    public synchronized void collectGarbage() {
        try {
            management().collectGarbage();
        } catch (IOException | RuntimeException e) {
            throw usageFailed(e);
        }
    }

    private JvmManagement management() throws IOException {
        awaitReady();
        if (management == null) {
            management = JvmManagement.attach(process.pid());
        }
        return management;
    }

    private RouterJvmException usageFailed(Exception e) {
        return new RouterJvmException(
                RouterJvmException.Failure.ENDED,
                "The router's JVM did not report its usage (" + e.getMessage() + "); " + outputHint,
                e);
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
     * Ends the JVM: SIGTERM (Lambda's runtime interface client serves until its process ends), SIGKILL if it has not
     * ended within 30 s; then stops its Runtime API. Returns once its output is copied.
     *
     * @return the JVM's exit code: 143 after SIGTERM, 1 after an init error, 137 after SIGKILL
     */
    public synchronized int stop() {
        if (management != null) {
            management.close();
            management = null;
        }
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExit(NORMAL_EXIT_TIMEOUT)) {
                kill();
            }
        }
        api.close();
        if (pump != null) {
            try {
                pump.join(EXIT_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(taskRoot);
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** An X-Ray trace header as Lambda sends it (a fresh root per invocation; not sampled: there is no X-Ray here). */
    private static String traceId() {
        long seconds = System.currentTimeMillis() / 1000;
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-" + Long.toHexString(seconds) + "-" + HexFormat.of().formatHex(random) + ";Sampled=0";
    }

    /**
     * How long ago the process started, from Linux's {@code /proc}: the system's uptime less the process's start time
     * (field 22 of {@code /proc/<pid>/stat}, in clock ticks since boot; 100 a second, as {@code /proc} always counts).
     * Both count from boot, so no wall clock enters (the start instant the JDK derives from them carries the error of
     * the boot time's estimate, 100 ms here). Empty where there is no {@code /proc}.
     */
    static Optional<Duration> processAge(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String uptime = Files.readString(Path.of("/proc/uptime"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]);
            double uptimeSeconds = Double.parseDouble(uptime.split(" ")[0]);
            long ageMillis = Math.round(uptimeSeconds * 1000) - startTicks * 10;
            return Optional.of(Duration.ofMillis(Math.max(0, ageMillis)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
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

    private static long millisUntil(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // An empty temporary directory left behind; nothing to do.
        }
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

    /**
     * Fails, saying what to do, unless this is a platform Lambda's runtime interface client has its native library for
     * (Linux on x86_64 or aarch64, glibc or musl), as Lambda's own are.
     *
     * @throws IllegalStateException on any other platform
     */
    static void requireSupportedPlatform(String osName, String osArch) {
        boolean linux = osName != null && osName.startsWith("Linux");
        boolean arch = List.of("amd64", "x86_64", "aarch64").contains(osArch);
        if (!linux || !arch) {
            throw new IllegalStateException("The router's JVM runs Lambda's runtime interface client, whose native part"
                    + " exists for Linux on x86_64 or aarch64 only (this is " + osName + " on " + osArch
                    + "): run the local stack on such a Linux, e.g. in a VM or WSL 2");
        }
    }

    /**
     * The jars of AWS's Java runtime interface client and what it needs beside the function's jar (its serialization
     * library, the SDK's utils-lite), found on this JVM's class path (the local module depends on the client).
     */
    static List<Path> runtimeInterfaceClientJars() {
        return List.of(
                        RUNTIME_INTERFACE_CLIENT,
                        "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
                        "software.amazon.awssdk.utilslite.SdkInternalThreadLocal")
                .stream()
                .map(RouterJvm::codeSourceOf)
                .toList();
    }

    private static Path codeSourceOf(String className) {
        String resource = className.replace('.', '/') + ".class";
        URL url = RouterJvm.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("Lambda's runtime interface client is not on the class path (" + className
                    + " missing): run the stack through ./run local or Maven, which put "
                    + "com.amazonaws:aws-lambda-java-runtime-interface-client there");
        }
        try {
            String location = url.toString();
            if (location.startsWith("jar:")) {
                location = location.substring("jar:".length(), location.indexOf("!/"));
                return Path.of(new URI(location));
            }
            Path file = Path.of(url.toURI());
            Path root = file;
            for (int i = 0; i < className.split("\\.").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate " + className + " at " + url, e);
        }
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
         * Launches a fresh JVM with its own Runtime API; returns at once, {@link RouterJvm#awaitReady()} waits for its
         * init. Each call starts another JVM with these settings.
         *
         * @throws RouterJvmException {@code NOT_STARTED} if the process cannot be started
         */
        public RouterJvm start() {
            requireSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
            RuntimeApiServer api = null;
            Path taskRoot = null;
            try {
                api = RuntimeApiServer.start();
                // Lambda's task root (/var/task there): the client adds it and its lib/ to the function's class
                // loader, so it is an empty directory here rather than whatever the stack's working directory holds.
                taskRoot = Files.createTempDirectory("router-task");
                ProcessBuilder builder =
                        new ProcessBuilder(command()).redirectErrorStream(true).directory(taskRoot.toFile());
                builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
                builder.environment().putAll(lambdaEnvironment(api.address()));
                if (outputFile != null) {
                    builder.redirectOutput(outputFile.toFile());
                }
                Instant launched = Instant.now();
                Process process = builder.start();
                return new RouterJvm(this, api, taskRoot, process, launched, functionArn());
            } catch (IOException e) {
                if (api != null) {
                    api.close();
                }
                if (taskRoot != null) {
                    deleteQuietly(taskRoot);
                }
                throw new RouterJvmException(
                        RouterJvmException.Failure.NOT_STARTED, "The router's JVM could not be launched: " + e, e);
            }
        }

        /** The command line: Lambda's JVM flags, the caller's, the client's jars and the router jar, the handler. */
        List<String> command() {
            List<Path> path = new ArrayList<>(runtimeInterfaceClientJars());
            path.add(jar);
            path.addAll(classPath);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(lambdaJvmOptions(memoryMb));
            // The client loads its JNI library (the Runtime API's HTTP client); newer JDKs warn without this.
            command.add("--enable-native-access=ALL-UNNAMED");
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            command.add(RUNTIME_INTERFACE_CLIENT);
            command.add(handler);
            return command;
        }

        /**
         * The JVM's environment: the given one, plus what Lambda sets and the given one does not (the handler, the
         * function's name, version, memory, log group and stream, the Runtime API's address).
         */
        Map<String, String> lambdaEnvironment(String runtimeApi) {
            String name = functionName();
            Map<String, String> lambda = new LinkedHashMap<>(environment);
            lambda.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
            lambda.put("_HANDLER", handler);
            lambda.put("AWS_LAMBDA_FUNCTION_NAME", name);
            lambda.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
            lambda.putIfAbsent("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            lambda.putIfAbsent("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
            lambda.putIfAbsent("AWS_LAMBDA_LOG_STREAM_NAME", "local");
            return lambda;
        }

        private String functionName() {
            return functionName != null
                    ? functionName
                    : environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", DEFAULT_FUNCTION_NAME);
        }

        private String functionArn() {
            return functionArn != null
                    ? functionArn
                    : "arn:aws:lambda:" + LocalAws.REGION.id() + ":" + LocalAws.ACCOUNT_ID + ":function:"
                            + functionName();
        }
    }
}
