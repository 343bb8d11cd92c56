package com.qrrouter.local.runtime;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a router JVM has used so far, as it measures itself ({@link RouterJvm#usage()}): the CPU time of the process
 * (every thread: Java threads, JIT compiler, GC) and of each Java thread, the collections and the bytes allocated on the
 * heap. Two samples around some batches say what those batches cost.
 *
 * @param at when the sample was taken (the child's clock: the machine's)
 * @param nanoTime the child's {@code System.nanoTime()} then: the wall time between two samples
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

    /** This JVM's figures now; runs in the router's JVM, on request of the launcher. */
    static JvmUsage ofThisJvm() {
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        List<ThreadCpu> threads = new ArrayList<>();
        for (ThreadInfo info : threadBean.getThreadInfo(threadBean.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long cpu = threadBean.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                threads.add(new ThreadCpu(info.getThreadId(), info.getThreadName(), cpu));
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long allocated = ((com.sun.management.ThreadMXBean) threadBean).getTotalThreadAllocatedBytes();
        // Last, so that the process time of a first sample includes the sampling above (loading the management
        // classes on the first request; a few microseconds afterwards).
        long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new JvmUsage(Instant.now(), System.nanoTime(), processCpu, gcCount, gcMillis, allocated, threads);
    }
}
