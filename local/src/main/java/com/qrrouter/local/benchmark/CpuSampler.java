package com.qrrouter.local.benchmark;

import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.internal.ProcStat;
import com.qrrouter.local.runtime.RouterJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every second, the CPU ticks of the benchmark's own JVM, the stack's JVM and the processes below it that do
 * the stack's work: dynalite's node process (the local DynamoDB) and the router's JVMs (execution environments,
 * started and stopped as the event source scales), into a {@link CpuAccount}.
 */
final class CpuSampler implements AutoCloseable {

    private static final long DEFAULT_CLOCK_TICKS = 100;

    private final ProcessHandle stack;
    private final CpuAccount account = new CpuAccount();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "load-benchmark-cpu");
        thread.setDaemon(true);
        return thread;
    });

    CpuSampler(ProcessHandle stack) {
        this.stack = stack;
    }

    /** Takes the baselines and samples every second from now on. */
    void start() {
        sample(true);
        account.start();
        timer.scheduleAtFixedRate(() -> sample(false), 1, 1, TimeUnit.SECONDS);
    }

    /** Takes a last sample, stops sampling and returns what each process used since {@link #start()}. */
    List<CpuAccount.Used> stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample(false);
        return account.used();
    }

    private void sample(boolean baseline) {
        record(ProcessHandle.current().pid(), CpuAccount.Role.CLIENT, baseline);
        record(stack.pid(), CpuAccount.Role.STACK, baseline);
        stack.descendants()
                .forEach(process -> roleOf(process).ifPresent(role -> record(process.pid(), role, baseline)));
    }

    private void record(long pid, CpuAccount.Role role, boolean baseline) {
        OptionalLong ticks = ProcStat.read(pid);
        if (ticks.isEmpty()) {
            return;
        }
        if (baseline) {
            account.baseline(pid, role, ticks.getAsLong());
        } else {
            account.sample(pid, role, ticks.getAsLong());
        }
    }

    /**
     * A router JVM (its main class is Lambda's runtime interface client) or dynalite (node running the emulator's script); not
     * the short-lived {@code kill} commands that freeze and thaw the routers, which right after their fork still look
     * like the stack's JVM.
     */
    static Optional<CpuAccount.Role> roleOf(ProcessHandle process) {
        Optional<String> line = process.info().commandLine();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        if (line.get().contains(RouterJvm.RUNTIME_INTERFACE_CLIENT)) {
            return Optional.of(CpuAccount.Role.ROUTER);
        }
        if (line.get().contains(DynamoDbEmulator.SERVER_SCRIPT)) {
            return Optional.of(CpuAccount.Role.DYNALITE);
        }
        return Optional.empty();
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}), 100 if it cannot be read. */
    static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : DEFAULT_CLOCK_TICKS;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_CLOCK_TICKS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLOCK_TICKS;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
