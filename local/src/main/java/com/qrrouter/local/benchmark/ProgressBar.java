package com.qrrouter.local.benchmark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress line on stderr, four times a second: posted and delivered out of the phase's scans, and the delivery rate
 * of the last second. On a terminal it redraws one line; otherwise (a log, CI) it prints a line every 5 s.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Phase phase;
    private final boolean redraw;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "load-benchmark-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final long[] history = new long[5];
    private long ticks;

    private ProgressBar(PrintStream out, Phase phase, boolean redraw) {
        this.out = out;
        this.phase = phase;
        this.redraw = redraw;
    }

    /** Starts drawing; {@code enabled} false draws nothing. */
    static ProgressBar start(PrintStream out, Phase phase, boolean enabled) {
        ProgressBar bar = new ProgressBar(out, phase, System.console() != null);
        if (enabled) {
            bar.timer.scheduleAtFixedRate(bar::tick, 250, 250, TimeUnit.MILLISECONDS);
        }
        return bar;
    }

    private synchronized void tick() {
        long delivered = phase.tally().deliveriesSoFar();
        long perSecond = delivered - history[(int) ((ticks + 1) % history.length)];
        history[(int) (ticks % history.length)] = delivered;
        ticks++;
        if (redraw) {
            out.print("\r"
                    + line(
                            phase.name(),
                            phase.postedSoFar(),
                            delivered,
                            phase.scans().size(),
                            perSecond));
            out.flush();
        } else if (ticks % 20 == 0) {
            out.println(line(
                    phase.name(), phase.postedSoFar(), delivered, phase.scans().size(), perSecond));
        }
    }

    /** {@code max [#####.....]  posted 500/1000  delivered 450  312/s}: the bar is delivered ÷ total. */
    static String line(String phase, long posted, long delivered, long total, long perSecond) {
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, delivered * WIDTH / total);
        return String.format(
                Locale.ROOT,
                "%-5s [%s%s] posted %d/%d  delivered %d  %d/s   ",
                phase,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                posted,
                total,
                delivered,
                perSecond);
    }

    @Override
    public synchronized void close() {
        boolean drawing = !timer.isShutdown() && ticks > 0;
        timer.shutdownNow();
        if (drawing && redraw) {
            out.println();
        }
    }
}
