package com.qrrouter.local.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU used by each process (the JVMs and dynalite's node) over a measured interval, from samples of their cumulative CPU ticks. A JVM already running when
 * the interval starts counts from its ticks then; one that starts later counts from zero (its start is load too); one
 * that exits keeps what its last sample saw (so sample often: what it used after that sample is missed).
 */
final class CpuAccount {

    /**
     * Which process: the benchmark itself, the stack's JVM, dynalite's node process (the stack's local DynamoDB), or
     * one of the router's JVMs (dynalite and the routers are the stack's descendants).
     */
    enum Role {
        CLIENT,
        STACK,
        DYNALITE,
        ROUTER
    }

    /** CPU of one JVM over the interval. */
    record Used(long pid, Role role, long ticks) {}

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private boolean started;

    private static final class Entry {
        final Role role;
        final long baseline;
        long last;

        Entry(Role role, long baseline, long last) {
            this.role = role;
            this.baseline = baseline;
            this.last = last;
        }
    }

    /** A sample before the interval starts: sets each process's baseline. */
    synchronized void baseline(long pid, Role role, long ticks) {
        if (started) {
            throw new IllegalStateException("The interval has started: baselines come first");
        }
        entries.put(pid, new Entry(role, ticks, ticks));
    }

    /** Starts the interval: JVMs seen from now on without a baseline count from zero. */
    synchronized void start() {
        started = true;
    }

    /** A sample during the interval; a tick count lower than seen before (pid reused) is ignored. */
    synchronized void sample(long pid, Role role, long ticks) {
        if (!started) {
            throw new IllegalStateException("Call start() before sampling the interval");
        }
        Entry entry = entries.computeIfAbsent(pid, ignored -> new Entry(role, 0, 0));
        entry.last = Math.max(entry.last, ticks);
    }

    /** CPU ticks each process used in the interval: client first, then the stack, dynalite, then routers by pid. */
    synchronized List<Used> used() {
        List<Used> used = new ArrayList<>();
        entries.forEach((pid, entry) -> used.add(new Used(pid, entry.role, entry.last - entry.baseline)));
        used.sort(Comparator.comparing(Used::role).thenComparing(Used::pid));
        return used;
    }
}
