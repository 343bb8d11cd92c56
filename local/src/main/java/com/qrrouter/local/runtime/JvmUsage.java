package com.qrrouter.local.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What a router JVM has used so far, as its platform MXBeans report it ({@link RouterJvm#usage()}): the CPU time of the
 * process (every thread: Java threads, JIT compiler, GC) and of each Java thread, the collections and the bytes
 * allocated on the heap. Two samples around some batches say what those batches cost.
 *
 * @param at when the sample was taken (the machine's clock)
 * @param nanoTime the launcher's {@code System.nanoTime()} then: the wall time between two samples
 * @param processCpuNanos CPU time of the whole process
 * @param gcCount collections, every collector
 * @param gcMillis time spent collecting, every collector
 * @param allocatedBytes bytes allocated on the heap by every Java thread (alive or ended)
 * @param threads CPU time of each live Java thread that has used any
 */
public record JvmUsage(
        Instant at,
        long nanoTime,
        long processCpuNanos,
        long gcCount,
        long gcMillis,
        long allocatedBytes,
        List<ThreadCpu> threads) {

    /** One Java thread: its id, name and CPU time. */
    public record ThreadCpu(long id, String name, long cpuNanos) {}

    public JvmUsage {
        threads = List.copyOf(threads);
    }
}
