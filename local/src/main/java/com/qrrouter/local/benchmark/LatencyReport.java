package com.qrrouter.local.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of {@code --latency}: each figure beside its target (issue #9 item 1), and the account of every phase. */
final class LatencyReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String context;
    private final Phase idle;
    private final Phase max;
    private final Phase half;
    private final double maxRate;
    private final double halfRate;
    private final int concurrency;
    private final List<Tally.Result> warmups;
    private final long foreign;

    LatencyReport(
            String context,
            Phase idle,
            Phase max,
            Phase half,
            double maxRate,
            double halfRate,
            int concurrency,
            List<Tally.Result> warmups,
            long foreign) {
        this.context = context;
        this.idle = idle;
        this.max = max;
        this.half = half;
        this.maxRate = maxRate;
        this.halfRate = halfRate;
        this.concurrency = concurrency;
        this.warmups = warmups;
        this.foreign = foreign;
    }

    private List<String> failures() {
        List<String> failures = new ArrayList<>();
        warmups.forEach(warmup -> failures.addAll(LoadReport.failures("warm-up: ", warmup)));
        for (Phase phase : List.of(idle, max, half)) {
            failures.addAll(
                    LoadReport.failures(phase.name() + ": ", phase.tally().result()));
        }
        return failures;
    }

    boolean passed() {
        return failures().isEmpty();
    }

    void print(PrintStream out) {
        Latencies.Summary idleLatency = idle.endToEnd().summary();
        Latencies.Summary maxLatency = max.endToEnd().summary();
        Latencies.Summary halfLatency = half.endToEnd().summary();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("QR Router local stack: POST -> MQTT latency (" + context + ")");
        lines.add(format(
                "  idle  %d scans one at a time:  p50 %.1f ms (target <= %.0f ms %s)   p99 %.1f ms (target <= %.0f"
                        + " ms %s)   max %.1f ms",
                idleLatency.count(),
                ms(idleLatency.p50()),
                LoadBenchmark.IDLE_P50_TARGET_MS,
                LoadReport.mark(ms(idleLatency.p50()) <= LoadBenchmark.IDLE_P50_TARGET_MS),
                ms(idleLatency.p99()),
                LoadBenchmark.IDLE_P99_TARGET_MS,
                LoadReport.mark(ms(idleLatency.p99()) <= LoadBenchmark.IDLE_P99_TARGET_MS),
                ms(idleLatency.max())));
        lines.add(format(
                "  max   %d scans, closed loop at concurrency %d:  %.0f scans/s delivered   p50 %.1f ms   p99 %.1f"
                        + " ms",
                max.scans().size(), concurrency, maxRate, ms(maxLatency.p50()), ms(maxLatency.p99())));
        lines.add(format(
                "  half  %d scans, open loop at %.0f scans/s for %.0f s:  p99 %.1f ms (target <= %.0f ms %s)   p50"
                        + " %.1f ms   max %.1f ms",
                half.scans().size(),
                halfRate,
                half.postingSeconds(),
                ms(halfLatency.p99()),
                LoadBenchmark.HALF_P99_TARGET_MS,
                LoadReport.mark(ms(halfLatency.p99()) <= LoadBenchmark.HALF_P99_TARGET_MS),
                ms(halfLatency.p50()),
                ms(halfLatency.max())));
        for (Phase phase : List.of(idle, max, half)) {
            Tally.Result result = phase.tally().result();
            lines.add(format(
                    "  %-5s accepted %d, delivered %d, parked %d, lost %d, duplicates %d, refused %s",
                    phase.name(),
                    result.accepted(),
                    result.delivered(),
                    result.parked(),
                    result.lost(),
                    result.duplicates(),
                    result.refused().isEmpty() ? "none" : result.refused()));
        }
        if (foreign > 0) {
            lines.add("  other MQTT messages: " + foreign);
        }
        List<String> failures = failures();
        lines.add(
                failures.isEmpty()
                        ? "PASSED: every accepted scan delivered once (latency targets above are not checked by the exit code)"
                        : "FAILED: " + String.join(", ", failures));
        lines.forEach(out::println);
        out.flush();
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("context", context);
        json.put("passed", passed());
        json.put("idleMillis", LoadReport.millis(idle.endToEnd().summary()));
        json.put("idleP50TargetMillis", LoadBenchmark.IDLE_P50_TARGET_MS);
        json.put("idleP99TargetMillis", LoadBenchmark.IDLE_P99_TARGET_MS);
        json.put("maxDeliveredPerSecond", maxRate);
        json.put("maxMillis", LoadReport.millis(max.endToEnd().summary()));
        json.put("halfRatePerSecond", halfRate);
        json.put("halfMillis", LoadReport.millis(half.endToEnd().summary()));
        json.put("halfP99TargetMillis", LoadBenchmark.HALF_P99_TARGET_MS);
        Map<String, Object> results = new LinkedHashMap<>();
        for (Phase phase : List.of(idle, max, half)) {
            results.put(phase.name(), phase.tally().result());
        }
        json.put("results", results);
        json.put("warmups", warmups);
        json.put("otherMqttMessages", foreign);
        JSON.writeValue(file.toFile(), json);
    }

    private static double ms(long nanos) {
        return Latencies.Summary.millis(nanos);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
