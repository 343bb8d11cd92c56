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

/** The report of a load run: printed for people, written as JSON for tools and the IT. */
final class LoadReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Phase load;
    private final Tally.Result result;
    private final List<Tally.Result> warmups;
    private final LoadBenchmark.Drain drain;
    private final int deadLetters;
    private final long parkedForeign;
    private final long foreign;
    private final double rawRate;
    private final List<CpuAccount.Used> cpu;
    private final long ticksPerSecond;
    private final String mode;

    LoadReport(
            Phase load,
            Tally.Result result,
            List<Tally.Result> warmups,
            LoadBenchmark.Drain drain,
            int deadLetters,
            long parkedForeign,
            long foreign,
            double rawRate,
            List<CpuAccount.Used> cpu,
            long ticksPerSecond,
            String mode) {
        this.load = load;
        this.result = result;
        this.warmups = warmups;
        this.drain = drain;
        this.deadLetters = deadLetters;
        this.parkedForeign = parkedForeign;
        this.foreign = foreign;
        this.rawRate = rawRate;
        this.cpu = cpu;
        this.ticksPerSecond = ticksPerSecond;
        this.mode = mode;
    }

    /** Scans delivered per second, from the first POST to the last arrival at the subscriber. */
    double throughput() {
        double seconds = load.deliverySeconds();
        return seconds == 0 ? 0 : result.delivered() / seconds;
    }

    /** The load phase and every warm-up passed {@link Tally.Result#passed()}. */
    boolean passed() {
        return result.passed() && warmups.stream().allMatch(Tally.Result::passed);
    }

    private List<String> failures() {
        List<String> failures = new ArrayList<>(failures("", result));
        warmups.forEach(warmup -> failures.addAll(failures("warm-up: ", warmup)));
        return failures;
    }

    static List<String> failures(String prefix, Tally.Result result) {
        List<String> failures = new ArrayList<>();
        add(failures, prefix, result.lost(), "lost");
        add(failures, prefix, result.duplicates(), "delivered twice (extra copies)");
        add(failures, prefix, result.routedParked(), "routed scans parked");
        add(failures, prefix, result.unroutedDelivered(), "unrouted scans delivered");
        add(failures, prefix, result.parkedTwice(), "parked twice (extra copies)");
        add(failures, prefix, result.deliveredAndParked(), "both delivered and parked");
        return failures;
    }

    private static void add(List<String> failures, String prefix, long count, String what) {
        if (count > 0) {
            failures.add(prefix + count + " " + what);
        }
    }

    private double cpuMillis(long ticks) {
        return ticks * 1000.0 / ticksPerSecond;
    }

    private double perScan(long ticks) {
        return result.delivered() == 0 ? Double.NaN : cpuMillis(ticks) / result.delivered();
    }

    void print(PrintStream out) {
        Latencies.Summary endToEnd = load.endToEnd().summary();
        Latencies.Summary api = load.apiAnswers().summary();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("QR Router local stack: load benchmark (" + mode + ")");
        lines.add(row("scans posted", result.posted() + warmupNote()));
        lines.add(row("accepted (2xx)", String.valueOf(result.accepted())));
        lines.add(row(
                "refused",
                result.refused().isEmpty() ? "none" : result.refused().toString()));
        if (result.throttled() > 0) {
            lines.add(row(
                    "", "HTTP 429 should not happen: the benchmark raises the stack's throttle (--api-rate-limit)"));
        }
        lines.add(row("delivered", String.valueOf(result.delivered())));
        lines.add(row(
                "parked (DLQ)",
                result.parked() + "   (the DLQ holds " + deadLetters + " messages, " + parkedForeign
                        + " of them not this run's)"));
        lines.add(row("lost", String.valueOf(result.lost())));
        lines.add(row("duplicates", String.valueOf(result.duplicates())));
        if (result.refusedButArrived() > 0) {
            lines.add(row("refused, yet arrived", String.valueOf(result.refusedButArrived())));
        }
        if (foreign > 0) {
            lines.add(row("other MQTT messages", foreign + " (bodies that are no scan of this run)"));
        }
        lines.add(row(
                "drain",
                format("%.1f s after the last answer", drain.seconds())
                        + (drain.timedOut() ? ", TIMED OUT with " + drain.stillQueued() + " still queued" : "")));
        lines.add("");
        lines.add(row(
                "posting",
                format(
                        "%.0f scans/s (%.1f s); API answer p50 %.1f ms, p99 %.1f ms",
                        result.posted() / Math.max(load.postingSeconds(), 1e-9),
                        load.postingSeconds(),
                        Latencies.Summary.millis(api.p50()),
                        Latencies.Summary.millis(api.p99()))));
        lines.add(row(
                "end-to-end",
                format(
                        "%.0f scans/s (first POST to last MQTT arrival %.1f s)   target >= %.0f/s %s",
                        throughput(),
                        load.deliverySeconds(),
                        LoadBenchmark.THROUGHPUT_TARGET,
                        mark(throughput() >= LoadBenchmark.THROUGHPUT_TARGET))));
        if (!Double.isNaN(rawRate)) {
            double ratio = throughput() / rawRate;
            lines.add(
                    row("raw SendMessage", format("%.0f messages/s (same SQS, this JVM, same concurrency)", rawRate)));
            lines.add(row(
                    "end-to-end / raw",
                    format(
                            "%.3f   target >= %.2f %s",
                            ratio, LoadBenchmark.RAW_RATIO_TARGET, mark(ratio >= LoadBenchmark.RAW_RATIO_TARGET))));
        }
        lines.add(row(
                "POST -> MQTT",
                format(
                        "p50 %.1f ms   p95 %.1f ms   p99 %.1f ms   max %.1f ms   (%d scans)",
                        Latencies.Summary.millis(endToEnd.p50()),
                        Latencies.Summary.millis(endToEnd.p95()),
                        Latencies.Summary.millis(endToEnd.p99()),
                        Latencies.Summary.millis(endToEnd.max()),
                        endToEnd.count())));
        lines.add("");
        lines.add(format(
                "CPU per delivered scan (/proc utime+stime at %d ticks/s, sampled every second):", ticksPerSecond));
        long total = 0;
        long routers = 0;
        int routerJvms = 0;
        for (CpuAccount.Used used : cpu) {
            total += used.ticks();
            if (used.role() == CpuAccount.Role.ROUTER) {
                routers += used.ticks();
                routerJvms++;
            }
            lines.add(format(
                    "  %-8s pid %-8d %8.0f ms CPU   %7.3f ms/scan",
                    used.role().name().toLowerCase(Locale.ROOT),
                    used.pid(),
                    cpuMillis(used.ticks()),
                    perScan(used.ticks())));
        }
        lines.add(format(
                "  routers  %-12s %8.0f ms CPU   %7.3f ms/scan",
                routerJvms + " JVMs", cpuMillis(routers), perScan(routers)));
        lines.add(format("  total    %-12s %8.0f ms CPU   %7.3f ms/scan", "", cpuMillis(total), perScan(total)));
        lines.add("");
        List<String> failures = failures();
        lines.add(
                failures.isEmpty()
                        ? "PASSED: every accepted scan delivered once or parked as meant (speed targets above are not checked"
                                + " by the exit code)"
                        : "FAILED: " + String.join(", ", failures));
        lines.forEach(out::println);
        out.flush();
    }

    private String warmupNote() {
        long warm = warmups.stream().mapToLong(Tally.Result::posted).sum();
        return warm == 0 ? "" : "   (after " + warm + " warm-up scans, not counted here)";
    }

    private static String row(String label, String value) {
        return format("  %-22s %s", label, value);
    }

    static String mark(boolean met) {
        return met ? "✓" : "✗";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode);
        json.put("passed", passed());
        json.put("result", result);
        json.put("warmups", warmups);
        json.put("deadLetterQueueMessages", deadLetters);
        json.put("deadLetterQueueForeign", parkedForeign);
        json.put("otherMqttMessages", foreign);
        json.put("drain", drain);
        json.put("postingSeconds", load.postingSeconds());
        json.put("deliverySeconds", load.deliverySeconds());
        json.put("throughputPerSecond", throughput());
        json.put("throughputTarget", LoadBenchmark.THROUGHPUT_TARGET);
        json.put("rawSendMessagePerSecond", Double.isNaN(rawRate) ? null : rawRate);
        json.put("rawRatioTarget", LoadBenchmark.RAW_RATIO_TARGET);
        json.put("endToEndMillis", millis(load.endToEnd().summary()));
        json.put("apiAnswerMillis", millis(load.apiAnswers().summary()));
        List<Map<String, Object>> jvms = new ArrayList<>();
        for (CpuAccount.Used used : cpu) {
            Map<String, Object> jvm = new LinkedHashMap<>();
            jvm.put("role", used.role().name().toLowerCase(Locale.ROOT));
            jvm.put("pid", used.pid());
            jvm.put("cpuMillis", cpuMillis(used.ticks()));
            jvm.put("cpuMillisPerDeliveredScan", perScan(used.ticks()));
            jvms.add(jvm);
        }
        json.put("cpu", jvms);
        JSON.writeValue(file.toFile(), json);
    }

    static Map<String, Object> millis(Latencies.Summary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", summary.count());
        map.put("p50", Latencies.Summary.millis(summary.p50()));
        map.put("p95", Latencies.Summary.millis(summary.p95()));
        map.put("p99", Latencies.Summary.millis(summary.p99()));
        map.put("max", Latencies.Summary.millis(summary.max()));
        return map;
    }
}
