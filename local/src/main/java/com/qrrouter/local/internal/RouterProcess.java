package com.qrrouter.local.internal;

import com.qrrouter.local.runtime.LambdaRuntime;
import com.qrrouter.local.runtime.RouterWire;
import com.qrrouter.local.runtime.RuntimeClasses;
import com.qrrouter.local.runtime.SqsRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable router jar running in its own JVM, as a Lambda execution environment: only the environment the
 * stack gives it (as Lambda would: region, credentials, function name, the router's settings, SDK endpoint overrides),
 * its own log4j2 logging (JSON lines, copied to {@code logSink}), the handler constructed once and then invoked batch
 * after batch over a loopback socket by {@link LambdaRuntime}.
 *
 * <p>As on Lambda:
 *
 * <ul>
 *   <li>the JVM is <b>frozen</b> (SIGSTOP) once the init is done and once a batch is answered, and thawed (SIGCONT)
 *       just before the next batch is sent: no thread of the function runs between invocations;
 *   <li>an invocation <b>times out</b> at the function timeout counted from its start (the handler's
 *       {@code getRemainingTimeInMillis()} counts down from the same instant); the JVM is then killed (SIGKILL);
 *   <li>a crash, a timeout, {@link #kill()} or an init error fails the invocation (every record of the batch is retried
 *       by SQS) and the next batch starts a fresh JVM with a fresh init; an exception thrown by the handler fails the
 *       invocation but keeps the JVM.
 * </ul>
 *
 * <p>Freezing sends signals with the {@code kill} command and, where {@code /proc} exists (Linux), waits until every
 * thread of the JVM is stopped.
 */
public final class RouterProcess implements BatchInvoker {

    /** The handler that {@code infra/} configures. */
    public static final String HANDLER = "com.qrrouter.router.RouterHandler::handleRequest";

    private static final Logger LOG = LoggerFactory.getLogger(RouterProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);
    private static final boolean POSIX = File.separatorChar == '/';

    private final Path routerJar;
    private final String handler;
    private final Map<String, String> environment;
    private final String functionName;
    private final String functionArn;
    private final int memoryMb;
    private final Duration functionTimeout;
    private final PrintStream logSink;

    /** Read without the lock by {@link #kill()} and {@link #pid()}; replaced only under it. */
    private volatile Process process;

    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    /**
     * @param routerJar the shaded router jar ({@code router-function/target/router-function.jar})
     * @param environment the complete environment of the function (nothing else is inherited but {@code PATH})
     * @param logSink where the function's output (its JSON log lines) goes
     */
    public RouterProcess(
            Path routerJar,
            Map<String, String> environment,
            String functionName,
            String functionArn,
            int memoryMb,
            Duration functionTimeout,
            PrintStream logSink) {
        this(routerJar, HANDLER, environment, functionName, functionArn, memoryMb, functionTimeout, logSink);
    }

    /** With another handler than the router's: for tests of the runtime itself. */
    RouterProcess(
            Path routerJar,
            String handler,
            Map<String, String> environment,
            String functionName,
            String functionArn,
            int memoryMb,
            Duration functionTimeout,
            PrintStream logSink) {
        if (!Files.isRegularFile(routerJar)) {
            throw new IllegalStateException("The router jar " + routerJar.toAbsolutePath()
                    + " is missing: build it with ./mvnw -pl router-function package");
        }
        this.routerJar = routerJar.toAbsolutePath();
        this.handler = handler;
        this.environment = Map.copyOf(environment);
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryMb = memoryMb;
        this.functionTimeout = functionTimeout;
        this.logSink = logSink;
    }

    /**
     * Starts the function's JVM now (the init phase), instead of on the first batch, and freezes it once its handler
     * is constructed. Does nothing if a JVM is running.
     */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        discard();
        launch();
        freeze();
    }

    /**
     * Kills the function's JVM at once (SIGKILL), whatever it is doing, as when a Lambda execution environment
     * crashes: an invocation in flight fails (its records are retried by SQS after the visibility timeout) and the next
     * batch starts a fresh JVM with a fresh init. Returns once the JVM is gone; does nothing if none runs. Safe to call
     * from any thread, also while an invocation is in flight: for fault injection.
     */
    public void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        awaitExit(current);
        LOG.info("Router function killed on demand [pid={}]", current.pid());
    }

    /**
     * Stops the function's JVM where it is (SIGSTOP), as a stuck execution environment, for fault injection: an
     * invocation in flight overruns the function timeout and the JVM is killed then. False if no JVM runs.
     */
    public boolean stall() {
        Process current = process;
        return current != null && current.isAlive() && POSIX && signal(current, "STOP");
    }

    /** The process id of the function's JVM, if one runs: a new one after a crash, a timeout or {@link #kill()}. */
    public OptionalLong pid() {
        Process current = process;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    @Override
    public synchronized List<String> invoke(List<SqsRecord> records) {
        start();
        String requestId = UUID.randomUUID().toString();
        // The invocation starts now: its deadline holds for the wait here and for the handler's remaining time.
        long deadlineNanos = System.nanoTime() + functionTimeout.toNanos();
        long deadlineEpochMillis = System.currentTimeMillis() + functionTimeout.toMillis();
        try {
            thaw();
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
                freeze();
                return failed;
            }
            String message = RouterWire.readString(in);
            freeze();
            throw new InvocationFailedException(
                    "The router failed the invocation " + requestId + ":\n" + message, null);
        } catch (SocketTimeoutException e) {
            destroy();
            throw new InvocationFailedException(
                    "The router did not answer within its timeout of " + functionTimeout.toSeconds()
                            + " s; its JVM was killed [requestId=" + requestId + "]",
                    e);
        } catch (IOException e) {
            destroy();
            throw new InvocationFailedException("The router's JVM ended during invocation " + requestId, e);
        }
    }

    /** At least 1 ms: a socket timeout of 0 would wait for ever. */
    private static int millisUntil(long deadlineNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return Math.toIntExact(Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
    }

    private void launch() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = routerJar + File.pathSeparator + RuntimeClasses.location();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> command = List.of(
                    java.toString(),
                    "-Xmx" + memoryMb + "m",
                    "-XX:+UseSerialGC",
                    // As Lambda's Java 17 and 21 runtimes start the JVM: tiered compilation stops at C1 (AWS Lambda
                    // developer guide, "Customize Java runtime startup behavior"). Full C2 would spend a third of the
                    // router JVM's CPU compiling during a local load run, work Lambda does not do.
                    "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classPath,
                    LambdaRuntime.class.getName(),
                    handler,
                    String.valueOf(listener.getLocalPort()),
                    functionName,
                    functionArn,
                    String.valueOf(memoryMb));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process child = builder.start();
            process = child;
            pumpOutput(child);
            socket = accept(listener, child, started);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            int kind = in.readInt();
            if (kind != RouterWire.READY) {
                String message = RouterWire.readString(in);
                destroy();
                throw new InvocationFailedException("The router failed to start (init error):\n" + message, null);
            }
            LOG.info(
                    "Router function started [jar={}, pid={}, initMs={}]",
                    routerJar,
                    child.pid(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (IOException e) {
            destroy();
            throw new InvocationFailedException("The router's JVM did not start (see its output above)", e);
        }
    }

    /** Waits for the child to connect, giving up as soon as it has died (a crash or {@link #kill()} during init). */
    private static Socket accept(ServerSocket listener, Process child, long started) throws IOException {
        listener.setSoTimeout(200);
        while (true) {
            try {
                return listener.accept();
            } catch (SocketTimeoutException e) {
                if (!child.isAlive()) {
                    throw new IOException(
                            "The router's JVM ended before it was ready (exit " + child.exitValue() + ")");
                }
                if (System.nanoTime() - started > START_TIMEOUT.toNanos()) {
                    throw new IOException(
                            "The router's JVM did not connect within " + START_TIMEOUT.toSeconds() + " s");
                }
            }
        }
    }

    private void pumpOutput(Process child) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            logSink.println(line);
                        }
                    } catch (IOException e) {
                        // The process ended; nothing more to copy.
                    }
                },
                "router-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Stops every thread of the JVM and returns once they are stopped: nothing of the function runs until thawed. */
    private void freeze() {
        Process current = process;
        if (current == null || !POSIX || !signal(current, "STOP")) {
            return;
        }
        Path tasks = Path.of("/proc", String.valueOf(current.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        long deadline = System.nanoTime() + FREEZE_TIMEOUT.toNanos();
        while (current.isAlive() && !allStopped(tasks)) {
            if (System.nanoTime() > deadline) {
                LOG.warn(
                        "The router's JVM did not stop within {} ms [pid={}]",
                        FREEZE_TIMEOUT.toMillis(),
                        current.pid());
                return;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private void thaw() {
        Process current = process;
        if (current != null && POSIX) {
            signal(current, "CONT");
        }
    }

    /** Whether every thread in {@code /proc/<pid>/task} is in state T (stopped). */
    private static boolean allStopped(Path tasks) {
        try (var threads = Files.list(tasks)) {
            return threads.allMatch(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    // pid (comm) state ...: the command may hold spaces and parentheses, the state follows the last
                    // ')'.
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't' || state == 'Z' || state == 'X';
                } catch (IOException | UncheckedIOException e) {
                    return true; // the thread has ended
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return true; // the process has ended
        }
    }

    /** Sends {@code SIG<name>} to the child; false if it could not be sent (the child has ended). */
    private static boolean signal(Process child, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(child.pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int exit = kill.waitFor();
            if (exit != 0 && child.isAlive()) {
                throw new IllegalStateException(
                        "kill -" + name + " " + child.pid() + " failed (exit " + exit + "): " + output);
            }
            return exit == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill to freeze or thaw the router's JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the JVM (SIGKILL, as Lambda ends an environment after a timeout or a crash) and forgets it. */
    private void destroy() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            awaitExit(current);
        }
        discard();
    }

    /** Forgets the connection and the process (already ended or killed). */
    private void discard() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            LOG.debug("Closing the router's socket failed", e);
        } finally {
            socket = null;
            in = null;
            out = null;
            process = null;
        }
    }

    private static void awaitExit(Process child) {
        try {
            if (!child.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The router's JVM did not end within {} s [pid={}]", EXIT_TIMEOUT.toSeconds(), child.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the JVM in order: thawed, its connection closed (the runtime returns), then SIGTERM, SIGKILL at last. */
    @Override
    public synchronized void close() {
        Process current = process;
        if (current == null) {
            return;
        }
        thaw();
        discard();
        current.destroy();
        try {
            if (!current.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly();
                awaitExit(current);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
    }
}
