package com.qrrouter.local.benchmark;

import com.qrrouter.local.internal.ProcStat;
import com.qrrouter.local.runtime.RouterJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every second, the CPU ticks of the benchmark's own JVM, the stack's JVM and every JVM below it (the router's
 * execution environments, started and stopped as the event source scales), into a {@link CpuAccount}.
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

    /** Takes a last sample, stops sampling and returns what each JVM used since {@link #start()}. */
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
                .filter(CpuSampler::isRouter)
                .forEach(process -> record(process.pid(), CpuAccount.Role.ROUTER, baseline));
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
     * The router's JVMs (their main class is Lambda's runtime interface client); not the short-lived {@code kill} commands that
     * freeze and thaw them, which right after their fork still look like the stack's JVM.
     */
    private static boolean isRouter(ProcessHandle process) {
        return process.info()
                .commandLine()
                .map(line -> line.contains(RouterJvm.RUNTIME_INTERFACE_CLIENT))
                .orElse(false);
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
