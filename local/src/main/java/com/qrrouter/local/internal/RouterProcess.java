package com.qrrouter.local.internal;

import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.local.runtime.RouterJvmException;
import com.qrrouter.settings.PipelineSettings;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable router jar running in its own JVM ({@link RouterJvm}: AWS's runtime interface client against a Runtime
 * API of this environment's own), as a Lambda execution environment: only the environment the stack gives it (as
 * Lambda would: region, credentials, function name, the router's settings, SDK endpoint overrides), its own log4j2
 * logging (JSON lines, copied to {@code logSink}), the handler constructed once and then invoked event after event.
 *
 * <p>As on Lambda:
 *
 * <ul>
 *   <li>the JVM is <b>frozen</b> (SIGSTOP) once the init is done and once a batch is answered, and thawed (SIGCONT)
 *       just before the next batch is sent: no thread of the function runs between invocations;
 *   <li>an invocation <b>times out</b> at the function timeout counted from its start (the handler's
 *       {@code getRemainingTimeInMillis()} counts down from the same instant); the JVM is then killed (SIGKILL);
 *   <li>a crash, a timeout, {@link #kill()} or an init error fails the invocation (every record of the batch is retried
 *       by SQS) and the next batch starts a fresh JVM with a fresh init; an invocation error (an exception thrown by the
 *       handler, reported by the client) fails the invocation but keeps the JVM.
 * </ul>
 *
 * <p>Freezing sends signals with the shell's {@code kill} ({@link ProcessSignals}) and, where {@code /proc} exists
 * (Linux), waits until every thread of the JVM is stopped.
 */
public final class RouterProcess implements BatchInvoker {

    /** The handler that {@code infra/} configures. */
    public static final String HANDLER = PipelineSettings.ROUTER_HANDLER;

    private static final Logger LOG = LoggerFactory.getLogger(RouterProcess.class);
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(2);
    private static final boolean POSIX = File.separatorChar == '/';
    /** One shell for the signals of every router JVM of this stack (freeze and thaw at every invocation). */
    private static final ProcessSignals SIGNALS = new ProcessSignals();

    /** Starts each fresh JVM of this environment. */
    private final RouterJvm.Builder launcher;

    private final Path routerJar;

    /** Read without the lock by {@link #kill()}, {@link #stall()} and {@link #pid()}; replaced only under it. */
    private volatile RouterJvm jvm;

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
        this.launcher = RouterJvm.builder(routerJar)
                .handler(handler)
                .environment(environment)
                .functionName(functionName)
                .functionArn(functionArn)
                .memoryMb(memoryMb)
                .timeout(functionTimeout)
                .output(logSink);
        this.routerJar = routerJar.toAbsolutePath();
    }

    /**
     * Starts the function's JVM now (the init phase), instead of on the first batch, and freezes it once its handler
     * is constructed. Does nothing if a JVM is running.
     */
    public synchronized void start() {
        RouterJvm current = jvm;
        if (current != null && current.isAlive()) {
            return;
        }
        discard();
        RouterJvm fresh = launcher.start();
        // Visible before its init is done, so that kill() can end a JVM that is still starting.
        jvm = fresh;
        RouterJvm.Startup startup;
        try {
            startup = fresh.awaitReady();
        } catch (RouterJvmException e) {
            discard();
            throw new InvocationFailedException(e.getMessage(), e);
        }
        LOG.info(
                "Router function started [jar={}, pid={}, initMs={}]",
                routerJar,
                fresh.pid(),
                startup.launchToReady().toMillis());
        freeze(fresh);
    }

    /**
     * Kills the function's JVM at once (SIGKILL), whatever it is doing, as when a Lambda execution environment
     * crashes: an invocation in flight fails (its records are retried by SQS after the visibility timeout) and the next
     * batch starts a fresh JVM with a fresh init. Returns once the JVM is gone; does nothing if none runs. Safe to call
     * from any thread, also while an invocation is in flight: for fault injection.
     */
    public void kill() {
        RouterJvm current = jvm;
        if (current == null) {
            return;
        }
        current.kill();
        LOG.info("Router function killed on demand [pid={}]", current.pid());
    }

    /**
     * Stops the function's JVM where it is (SIGSTOP), as a stuck execution environment, for fault injection: an
     * invocation in flight overruns the function timeout and the JVM is killed then. False if no JVM runs.
     */
    public boolean stall() {
        RouterJvm current = jvm;
        return current != null && current.isAlive() && POSIX && signal(current, "STOP");
    }

    /** The process id of the function's JVM, if one runs: a new one after a crash, a timeout or {@link #kill()}. */
    public OptionalLong pid() {
        RouterJvm current = jvm;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    @Override
    public synchronized String invoke(String event) {
        start();
        RouterJvm current = jvm;
        try {
            thaw(current);
            String answer = current.invoke(event);
            freeze(current);
            return answer;
        } catch (RouterJvmException e) {
            if (e.failure() == RouterJvmException.Failure.HANDLER_ERROR && current.isAlive()) {
                // The function reported an invocation error: the invocation fails, the JVM serves the next one.
                freeze(current);
            } else {
                // A timeout (the JVM was killed), a crash or kill(): the next batch starts a fresh JVM.
                discard();
            }
            throw new InvocationFailedException(e.getMessage(), e);
        }
    }

    /** Stops every thread of the JVM and returns once they are stopped: nothing of the function runs until thawed. */
    private static void freeze(RouterJvm current) {
        if (!POSIX || !current.isAlive() || !signal(current, "STOP")) {
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

    private static void thaw(RouterJvm current) {
        if (POSIX && current.isAlive()) {
            signal(current, "CONT");
        }
    }

    /** Whether every thread in {@code /proc/<pid>/task} is in state T (stopped). */
    private static boolean allStopped(Path tasks) {
        try (var threads = Files.list(tasks)) {
            return threads.allMatch(thread -> {
                try {
                    char state = ProcStat.state(Files.readString(thread.resolve("stat")));
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
    private static boolean signal(RouterJvm child, String name) {
        ProcessSignals.Result result = SIGNALS.send(name, child.pid());
        if (!result.sent() && child.isAlive()) {
            throw new IllegalStateException(
                    "kill -" + name + " " + child.pid() + " failed (" + result.describe() + ")");
        }
        return result.sent();
    }

    /** Ends the JVM that ended or was killed, and forgets it (its exit, its output copied). */
    private void discard() {
        RouterJvm current = jvm;
        jvm = null;
        if (current != null) {
            current.stop();
        }
    }

    /**
     * Ends the JVM in order: thawed, SIGTERM, SIGKILL if it does not end.
     */
    @Override
    public synchronized void close() {
        RouterJvm current = jvm;
        if (current == null) {
            return;
        }
        thaw(current);
        discard();
    }
}
