package com.qrrouter.router.benchmark;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.record;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.runtime.JvmUsage;
import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.router.testing.DeployableJar;
import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's CPU section: CPU time per scan of our handler (the deployable jar, configured only by environment
 * variables) and of the seed-style baseline, each in a fresh JVM run by {@link RouterJvm} as the local stack runs the
 * router, where only the handler runs; the stand-ins (dynalite, a child node process, and the IoT endpoint) run beside it, on loopback.
 * The JVM is warmed up with batches of unique scans, then measured over more, from its own CPU, GC and allocation
 * figures before and after ({@link JvmUsage}). Rounds alternate ours and the baseline so that a change of the
 * machine's load hits both; the median round counts. A last run of each with JDK Flight Recorder says where the CPU
 * goes.
 */
final class CpuPerScan {

    static final int WARMUP_BATCHES = 50;
    static final int MEASURED_BATCHES = 200;
    static final int BATCH_SIZE = 10;
    static final int ROUNDS = 3;
    static final double TARGET_MILLIS = 1.5;
    static final double TARGET_RATIO = 2.0;

    /**
     * A function of 1024 MB (decision 0302), started as Lambda starts it: heap bounded by the memory, the serial
     * collector, C1 only.
     */
    static final List<String> FUNCTION_JVM = RouterJvm.lambdaJvmOptions(PipelineSettings.FUNCTION_MEMORY_MB);

    /** The compiler settings measured: Lambda's (C1 only) and, for comparison, the JVM's default (C1 then C2). */
    enum Compiler {
        LAMBDA("C1 only, as Lambda runs Java", List.of()),
        FULL("C1 + C2 (JVM default)", List.of("-XX:TieredStopAtLevel=4"));

        final String label;
        final List<String> options;

        Compiler(String label, List<String> options) {
            this.label = label;
            this.options = options;
        }

        /** Options after Lambda's, which they override. */
        List<String> jvmOptions() {
            return options;
        }
    }

    record Runs(Compiler compiler, List<CpuFigures> ours, List<CpuFigures> baseline) {

        CpuFigures medianOurs() {
            return median(ours);
        }

        CpuFigures medianBaseline() {
            return median(baseline);
        }

        static CpuFigures median(List<CpuFigures> results) {
            List<CpuFigures> sorted = results.stream()
                    .sorted(Comparator.comparingDouble(CpuFigures::millisPerRecord))
                    .toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    record Profile(BenchmarkHandler handler, CpuFigures result, JfrBreakdown.Breakdown breakdown, Path recording) {}

    private final List<Runs> runs;
    private final List<Profile> profiles;

    private CpuPerScan(List<Runs> runs, List<Profile> profiles) {
        this.runs = runs;
        this.profiles = profiles;
    }

    /** Runs every round and the profiles; {@code environment} is a child's complete environment. */
    static CpuPerScan measure(Map<String, String> environment) throws Exception {
        List<Runs> runs = new ArrayList<>();
        for (Compiler compiler : Compiler.values()) {
            List<CpuFigures> ours = new ArrayList<>();
            List<CpuFigures> baseline = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                ours.add(run(BenchmarkHandler.OURS, compiler.jvmOptions(), environment));
                baseline.add(run(BenchmarkHandler.BASELINE, compiler.jvmOptions(), environment));
            }
            runs.add(new Runs(compiler, ours, baseline));
        }
        List<Profile> profiles = new ArrayList<>();
        for (BenchmarkHandler handler : BenchmarkHandler.values()) {
            Path recording =
                    Path.of("target", "benchmark-cpu-" + handler.label + ".jfr").toAbsolutePath();
            Files.deleteIfExists(recording);
            List<String> options = new ArrayList<>(Compiler.LAMBDA.jvmOptions());
            options.addAll(flightRecorder(recording));
            CpuFigures result = run(handler, options, environment);
            profiles.add(
                    new Profile(handler, result, JfrBreakdown.of(recording, result.from(), result.to()), recording));
        }
        return new CpuPerScan(runs, profiles);
    }

    /** JVM options that record the whole run with JDK Flight Recorder's profiling settings into {@code recording}. */
    static List<String> flightRecorder(Path recording) {
        return List.of(
                // Without DebugNonSafepoints a sample taken between safepoints is charged to the wrong inlined method.
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+DebugNonSafepoints",
                "-XX:FlightRecorderOptions=stackdepth=256",
                "-XX:StartFlightRecording=settings=profile,filename=" + recording.toAbsolutePath());
    }

    static CpuFigures run(BenchmarkHandler handler, List<String> jvmOptions, Map<String, String> environment) {
        return run(handler, jvmOptions, environment, WARMUP_BATCHES, MEASURED_BATCHES);
    }

    /**
     * One fresh JVM: {@code handler} warmed up with {@code warmupBatches}, a garbage collection, then measured over
     * {@code measuredBatches}. Its output is kept in {@code target/benchmark-cpu-<handler>.log}.
     *
     * @param jvmOptions options after Lambda's (compiler, flight recorder)
     */
    static CpuFigures run(
            BenchmarkHandler handler,
            List<String> jvmOptions,
            Map<String, String> environment,
            int warmupBatches,
            int measuredBatches) {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<SQSEvent> warmup = batches(runId + "-w", warmupBatches, BATCH_SIZE);
        List<SQSEvent> measured = batches(runId + "-m", measuredBatches, BATCH_SIZE);
        try (RouterJvm jvm =
                handler.launcher(environment, "cpu").jvmOptions(jvmOptions).start()) {
            for (SQSEvent batch : warmup) {
                invoke(handler, jvm, batch);
            }
            jvm.collectGarbage();
            JvmUsage before = jvm.usage();
            for (SQSEvent batch : measured) {
                invoke(handler, jvm, batch);
            }
            JvmUsage after = jvm.usage();
            return CpuFigures.between(before, after, (long) measuredBatches * BATCH_SIZE);
        }
    }

    private static void invoke(BenchmarkHandler handler, RouterJvm jvm, SQSEvent batch) {
        List<String> failed = DeployableJar.invoke(jvm, batch);
        if (!failed.isEmpty()) {
            throw new IllegalStateException("The CPU run of " + handler.label + " failed " + failed.size()
                    + " records of a batch; its output is in target/benchmark-cpu-" + handler.label + ".log");
        }
    }

    /** Batches of unique scans of the client {@code DemoClient}, each with its own message id and correlation id. */
    static List<SQSEvent> batches(String prefix, int count, int size) {
        List<SQSEvent> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<SQSEvent.SQSMessage> records = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String n = prefix + "-" + b + "-" + i;
                records.add(record("cpu-" + n, body("DemoClient", "cpu-QR-" + n), "req-" + n, "DemoClient"));
            }
            batches.add(SqsEvents.event(records));
        }
        return batches;
    }

    String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%nCPU per scan: each handler in a fresh JVM as Lambda starts it (%s; %s: %s), stand-ins in the"
                        + " parent; %d warm-up batches, then %d batches of %d unique scans; process CPU time / records,"
                        + " median of %d rounds%n",
                String.join(" ", FUNCTION_JVM),
                Compiler.FULL.label,
                String.join(" ", Compiler.FULL.jvmOptions()),
                WARMUP_BATCHES,
                MEASURED_BATCHES,
                BATCH_SIZE,
                ROUNDS));
        out.append(String.format(
                Locale.ROOT,
                "%-30s | %9s | %9s | %6s | %s%n",
                "compiler",
                "ours ms",
                "base ms",
                "ratio",
                "rounds ours / baseline (ms per scan)"));
        for (Runs r : runs) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-30s | %9.3f | %9.3f | %5.2fx | %s / %s%n",
                    r.compiler().label,
                    r.medianOurs().millisPerRecord(),
                    r.medianBaseline().millisPerRecord(),
                    r.medianOurs().millisPerRecord() / r.medianBaseline().millisPerRecord(),
                    rounds(r.ours()),
                    rounds(r.baseline())));
        }
        Runs lambda = runs.get(0);
        double ours = lambda.medianOurs().millisPerRecord();
        double ratio = ours / lambda.medianBaseline().millisPerRecord();
        out.append(String.format(
                Locale.ROOT,
                "targets (%s): ours %.3f ms per scan <= %.1f ms %s; ours / baseline %.2fx <= %.0fx %s%n",
                lambda.compiler().label,
                ours,
                TARGET_MILLIS,
                ours <= TARGET_MILLIS ? "✓" : "✗",
                ratio,
                TARGET_RATIO,
                ratio <= TARGET_RATIO ? "✓" : "✗"));
        for (Runs r : runs) {
            for (CpuFigures result : List.of(r.medianOurs(), r.medianBaseline())) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-8s %-30s per scan: handler thread %.3f, record pool %.3f, SDK timers %.3f, other Java"
                                + " threads %.3f, JIT+GC+VM %.3f ms; %.1f KB allocated; %d GCs (%d ms); wall %.2f ms per batch%n",
                        result == r.medianOurs() ? "ours" : "baseline",
                        r.compiler().label,
                        result.millisPerRecord(result.handlerNanos()),
                        result.millisPerRecord(result.recordsNanos()),
                        result.millisPerRecord(result.timersNanos()),
                        result.millisPerRecord(result.otherNanos()),
                        result.millisPerRecord(result.jvmNanos()),
                        result.bytesPerRecord() / 1024.0,
                        result.gcCount(),
                        result.gcMillis(),
                        result.wallNanos() / 1e6 / (result.records() / (double) BATCH_SIZE)));
            }
        }
        for (Profile profile : profiles) {
            CpuFigures result = profile.result();
            double javaMillis = result.millisPerRecord(result.processNanos() - result.jvmNanos());
            out.append(String.format(
                    Locale.ROOT,
                    "where the CPU of a scan goes, %s (JFR execution samples of the measured batches, %s): process"
                            + " %.3f ms per scan with the recorder on, Java threads %.3f ms = 100 %%:%n",
                    profile.handler().label,
                    profile.recording().getFileName(),
                    result.millisPerRecord(),
                    javaMillis));
            out.append(profile.breakdown().format());
        }
        return out.toString();
    }

    private static String rounds(List<CpuFigures> results) {
        return results.stream()
                .map(r -> String.format(Locale.ROOT, "%.3f", r.millisPerRecord()))
                .toList()
                .toString();
    }
}
