package com.qrrouter.router.testing;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.record;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.runtime.LocalLambdaContext;
import com.qrrouter.router.fakes.SqsEvents;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the CPU time a Lambda handler spends per record, in a fresh JVM where only the handler runs (the stand-ins
 * it calls run in the parent): constructs the handler as the Lambda runtime does, warms it up, then invokes it with
 * batches of unique scans and prints one {@code CPU …} line with the process CPU time (every thread: the handler's,
 * the record pool's, the HTTP client's, JIT compilation and GC) of the measured batches, split by thread group.
 *
 * <p>Arguments: handler class name, warm-up batches, measured batches, batch size, a prefix that makes the scans of
 * this run unique (message ids, QR codes).
 */
public final class CpuRunner {

    /** Function name of the child's Lambda context. */
    static final String FUNCTION_NAME = "qr-router-cpu";

    private CpuRunner() {}

    /** What a run measured: the {@code CPU …} line the child prints, parsed by the parent. */
    public record Result(
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

        private static final Pattern LINE = Pattern.compile("CPU records=(\\d+) processNanos=(\\d+) jvmNanos=(-?\\d+)"
                + " handlerNanos=(-?\\d+) recordsNanos=(-?\\d+) timersNanos=(-?\\d+) otherNanos=(-?\\d+)"
                + " gcCount=(\\d+) gcMillis=(\\d+) allocatedBytes=(-?\\d+) wallNanos=(\\d+) fromEpochMillis=(\\d+)"
                + " toEpochMillis=(\\d+)");

        /** The result line of a child's output. */
        public static Result parse(String output) {
            Matcher m = LINE.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("The CPU run did not finish:\n" + tail(output));
            }
            return new Result(
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)),
                    Long.parseLong(m.group(6)),
                    Long.parseLong(m.group(7)),
                    Long.parseLong(m.group(8)),
                    Long.parseLong(m.group(9)),
                    Long.parseLong(m.group(10)),
                    Long.parseLong(m.group(11)),
                    Instant.ofEpochMilli(Long.parseLong(m.group(12))),
                    Instant.ofEpochMilli(Long.parseLong(m.group(13))));
        }

        String format() {
            return String.format(
                    Locale.ROOT,
                    "CPU records=%d processNanos=%d jvmNanos=%d handlerNanos=%d recordsNanos=%d timersNanos=%d"
                            + " otherNanos=%d gcCount=%d gcMillis=%d allocatedBytes=%d wallNanos=%d fromEpochMillis=%d"
                            + " toEpochMillis=%d",
                    records,
                    processNanos,
                    jvmNanos,
                    handlerNanos,
                    recordsNanos,
                    timersNanos,
                    otherNanos,
                    gcCount,
                    gcMillis,
                    allocatedBytes,
                    wallNanos,
                    from.toEpochMilli(),
                    to.toEpochMilli());
        }

        /** Process CPU milliseconds per record. */
        public double millisPerRecord() {
            return processNanos / 1e6 / records;
        }

        /** Bytes allocated on the heap per record, by every Java thread: what the GC has to collect. */
        public long bytesPerRecord() {
            return allocatedBytes / records;
        }

        /** CPU milliseconds per record of one thread group (the JVM's own threads: {@code jvmNanos}). */
        public double millisPerRecord(long nanos) {
            return nanos / 1e6 / records;
        }

        private static String tail(String output) {
            return output.length() <= 4000 ? output : "…" + output.substring(output.length() - 4000);
        }
    }

    /** CPU nanoseconds of the process and of each of its Java threads (by id, with the thread's group). */
    record CpuSample(
            long processNanos,
            Map<Long, Long> threadNanos,
            Map<Long, String> threadGroups,
            long gcCount,
            long gcMillis,
            long allocatedBytes) {

        static CpuSample now() {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> nanos = new HashMap<>();
            Map<Long, String> groups = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    nanos.put(info.getThreadId(), cpu);
                    groups.put(info.getThreadId(), group(info.getThreadName()));
                }
            }
            long gcCount = 0;
            long gcMillis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            long allocated = ((com.sun.management.ThreadMXBean) threads).getTotalThreadAllocatedBytes();
            // Last, so that the process time includes the sampling above (a few microseconds, not per record).
            return new CpuSample(os.getProcessCpuTime(), nanos, groups, gcCount, gcMillis, allocated);
        }

        /** CPU nanoseconds per thread group from {@code before} to this sample (threads alive at this one). */
        Map<String, Long> since(CpuSample before) {
            Map<String, Long> byGroup = new HashMap<>();
            threadNanos.forEach((id, cpu) -> byGroup.merge(
                    threadGroups.get(id), cpu - before.threadNanos().getOrDefault(id, 0L), Long::sum));
            return byGroup;
        }
    }

    static final String HANDLER = "handler";
    static final String RECORDS = "records";
    static final String SDK_TIMERS = "sdkTimers";
    static final String OTHER = "other";

    /**
     * The thread group a thread's CPU is reported under: the handler's thread, the router's record pool, the SDK's
     * timers (the scheduler behind the API call timeouts), the rest of the Java threads. JIT compiler and GC threads
     * are not Java threads here; they are the process time minus these.
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

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        int warmupBatches = Integer.parseInt(args[1]);
        int measuredBatches = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        String runId = args[4];

        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, Object> handler = (RequestHandler<SQSEvent, Object>)
                Class.forName(handlerClass).getConstructor().newInstance();
        List<SQSEvent> warmup = batches(runId + "-w", warmupBatches, batchSize);
        List<SQSEvent> measured = batches(runId + "-m", measuredBatches, batchSize);
        for (SQSEvent event : warmup) {
            invoke(handler, event);
        }
        System.gc();

        Instant from = Instant.now();
        long wallStart = System.nanoTime();
        CpuSample before = CpuSample.now();
        for (SQSEvent event : measured) {
            invoke(handler, event);
        }
        CpuSample after = CpuSample.now();
        long wallNanos = System.nanoTime() - wallStart;
        Instant to = Instant.now();

        Map<String, Long> byGroup = after.since(before);
        long handlerNanos = byGroup.getOrDefault(HANDLER, 0L);
        long recordsNanos = byGroup.getOrDefault(RECORDS, 0L);
        long timersNanos = byGroup.getOrDefault(SDK_TIMERS, 0L);
        long otherNanos = byGroup.getOrDefault(OTHER, 0L);
        long processNanos = after.processNanos() - before.processNanos();
        System.out.println(new Result(
                        (long) measuredBatches * batchSize,
                        processNanos,
                        processNanos - handlerNanos - recordsNanos - timersNanos - otherNanos,
                        handlerNanos,
                        recordsNanos,
                        timersNanos,
                        otherNanos,
                        after.gcCount() - before.gcCount(),
                        after.gcMillis() - before.gcMillis(),
                        after.allocatedBytes() - before.allocatedBytes(),
                        wallNanos,
                        from,
                        to)
                .format());
        System.out.flush();
        System.exit(0);
    }

    /** Batches of unique scans of the client {@code DemoClient}, each with its own message id and correlation id. */
    static List<SQSEvent> batches(String prefix, int count, int size) {
        List<SQSEvent> events = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<SQSEvent.SQSMessage> records = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String n = prefix + "-" + b + "-" + i;
                records.add(record("cpu-" + n, body("DemoClient", "cpu-QR-" + n), "req-" + n, "DemoClient"));
            }
            events.add(SqsEvents.event(records));
        }
        return events;
    }

    private static void invoke(RequestHandler<SQSEvent, Object> handler, SQSEvent event) {
        Object response =
                handler.handleRequest(event, LocalLambdaContext.create(FUNCTION_NAME, Duration.ofSeconds(30)));
        if (response instanceof SQSBatchResponse batch
                && !batch.getBatchItemFailures().isEmpty()) {
            System.out.println("FAILED " + batch.getBatchItemFailures().size() + " records of a batch");
            System.out.flush();
            System.exit(1);
        }
    }
}
