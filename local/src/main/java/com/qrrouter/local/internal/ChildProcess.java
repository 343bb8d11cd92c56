package com.qrrouter.local.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A child process that never outlives this JVM: stopped by {@link #close()}, or by a shutdown hook if the JVM exits
 * first. Stopping sends SIGTERM, waits for the grace period, then SIGKILLs what is left, the process's descendants
 * included (dynalite's node, the load benchmark's stack JVM with its router JVMs).
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Process process;
    private final Duration grace;
    private final boolean terminateDescendants;
    private final Thread shutdownHook;

    private ChildProcess(Process process, String name, Duration grace, boolean terminateDescendants) {
        this.process = Objects.requireNonNull(process, "process");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.terminateDescendants = terminateDescendants;
        this.shutdownHook = new Thread(this::stop, name + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Watches a started process.
     *
     * @param name names the shutdown hook's thread
     * @param grace how long the process has to end after SIGTERM
     * @param terminateDescendants whether its descendants get SIGTERM at the same time (for a process that does not
     *     stop its own children on SIGTERM); either way, those still alive after the grace period get SIGKILL
     */
    public static ChildProcess watch(Process process, String name, Duration grace, boolean terminateDescendants) {
        return new ChildProcess(process, name, grace, terminateDescendants);
    }

    public Process process() {
        return process;
    }

    /** Stops the process (see the class) and drops the shutdown hook. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and runs the hook itself.
        }
    }

    private void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (terminateDescendants) {
            descendants.forEach(ProcessHandle::destroy);
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
