package com.qrrouter.router.benchmark;

import com.qrrouter.local.runtime.JvmUsage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What a handler's JVM spent on the measured batches of a CPU run, from its own figures before and after them
 * ({@link JvmUsage}): the process CPU time (every thread: the handler's, the record pool's, the HTTP client's, JIT
 * compilation and GC), split by thread group; collections; bytes allocated; wall time.
 *
 * @param jvmNanos the process time minus that of the Java threads: JIT compiler and GC threads, which are not Java
 *     threads
 */
record CpuFigures(
        long records,
        long processNanos,
        long jvmNanos,
        long handlerNanos,
        long recordsNanos,
        long timersNanos,
        long otherNanos,
        long gcCount,
        long gcMillis,
        long allocatedBytes,
        long wallNanos,
        Instant from,
        Instant to) {

    static final String HANDLER = "handler";
    static final String RECORDS = "records";
    static final String SDK_TIMERS = "sdkTimers";
    static final String OTHER = "other";

    /** The figures of {@code records} records handled between the samples {@code before} and {@code after}. */
    static CpuFigures between(JvmUsage before, JvmUsage after, long records) {
        Map<Long, Long> cpuBefore = new HashMap<>();
        before.threads().forEach(thread -> cpuBefore.put(thread.id(), thread.cpuNanos()));
        // Threads alive at the second sample; the time of one that ended in between stays in jvmNanos.
        Map<String, Long> byGroup = new HashMap<>();
        after.threads()
                .forEach(thread -> byGroup.merge(
                        group(thread.name()), thread.cpuNanos() - cpuBefore.getOrDefault(thread.id(), 0L), Long::sum));
        long handlerNanos = byGroup.getOrDefault(HANDLER, 0L);
        long recordsNanos = byGroup.getOrDefault(RECORDS, 0L);
        long timersNanos = byGroup.getOrDefault(SDK_TIMERS, 0L);
        long otherNanos = byGroup.getOrDefault(OTHER, 0L);
        long processNanos = after.processCpuNanos() - before.processCpuNanos();
        return new CpuFigures(
                records,
                processNanos,
                processNanos - handlerNanos - recordsNanos - timersNanos - otherNanos,
                handlerNanos,
                recordsNanos,
                timersNanos,
                otherNanos,
                after.gcCount() - before.gcCount(),
                after.gcMillis() - before.gcMillis(),
                after.allocatedBytes() - before.allocatedBytes(),
                after.nanoTime() - before.nanoTime(),
                before.at(),
                after.at());
    }

    /**
     * The thread group a thread's CPU is reported under: the handler's thread (the runtime's {@code main}, which also
     * reads the batch from the wire), the router's record pool, the SDK's timers (the scheduler behind the API call
     * timeouts), the rest of the Java threads.
     */
    static String group(String threadName) {
        if (threadName.equals("main")) {
            return HANDLER;
        }
        if (threadName.startsWith("router-record-")) {
            return RECORDS;
        }
        if (threadName.startsWith("sdk-ScheduledExecutor") || threadName.startsWith("sdk-timeouts-")) {
            return SDK_TIMERS;
        }
        return OTHER;
    }

    /** Process CPU milliseconds per record. */
    double millisPerRecord() {
        return processNanos / 1e6 / records;
    }

    /** Bytes allocated on the heap per record, by every Java thread: what the GC has to collect. */
    long bytesPerRecord() {
        return allocatedBytes / records;
    }

    /** CPU milliseconds per record of one thread group (the JVM's own threads: {@code jvmNanos}). */
    double millisPerRecord(long nanos) {
        return nanos / 1e6 / records;
    }
}
