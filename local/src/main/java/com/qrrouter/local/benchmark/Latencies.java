package com.qrrouter.local.benchmark;

import java.util.Arrays;

/** POST → MQTT latencies of one phase, in nanoseconds; thread-safe. Percentiles by nearest rank. */
final class Latencies {

    private long[] values = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("A latency cannot be negative, got " + nanos + " ns");
        }
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    /** The latencies at the given percentiles, in the order asked. */
    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new Summary(
                count,
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99),
                count == 0 ? 0 : sorted[count - 1]);
    }

    /**
     * The nearest-rank percentile of sorted values: the smallest value that at least {@code percent} % of the values
     * are less than or equal to; 0 if there are none.
     */
    static long percentile(long[] sorted, double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("A percentile is in (0, 100], got " + percent);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Count and nearest-rank percentiles, in nanoseconds. */
    record Summary(int count, long p50, long p95, long p99, long max) {

        static double millis(long nanos) {
            return nanos / 1_000_000.0;
        }
    }
}
