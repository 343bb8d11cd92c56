package com.qrrouter.router.benchmark;

import com.qrrouter.router.RouterHandler;
import com.qrrouter.router.testing.ChildJvm;
import com.qrrouter.router.testing.CpuRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's CPU section: CPU time per scan of our handler (the deployable jar, configured only by environment
 * variables) and of the seed-style baseline, each in a fresh child JVM where only the handler runs; the stand-ins
 * (DynamoDB Local, the IoT endpoint) run in the parent, on loopback. Rounds alternate ours and the baseline so that a
 * change of the machine's load hits both; the median round counts. A last run of each with JDK Flight Recorder says
 * where the CPU goes.
 */
final class CpuPerScan {

    static final int WARMUP_BATCHES = 50;
    static final int MEASURED_BATCHES = 200;
    static final int BATCH_SIZE = 10;
    static final int ROUNDS = 3;
    static final double TARGET_MILLIS = 1.5;
    static final double TARGET_RATIO = 2.0;

    /**
     * A function of 1024 MB (decision 0302): the JVM sizes its heap from 1 GB and, with less than 1792 MB, picks the
     * serial collector by itself; said explicitly so that the build machine's memory does not change it.
     */
    static final List<String> FUNCTION_MEMORY = List.of("-XX:MaxRAM=1g", "-XX:+UseSerialGC");

    /** The compiler settings measured: Lambda's (C1 only) and, for comparison, the JVM's default (C1 then C2). */
    enum Compiler {
        LAMBDA("C1 only, as Lambda runs Java", ChildJvm.LAMBDA_JVM_OPTIONS),
        FULL("C1 + C2 (JVM default)", List.of("-XX:+TieredCompilation"));

        final String label;
        final List<String> options;

        Compiler(String label, List<String> options) {
            this.label = label;
            this.options = options;
        }

        List<String> jvmOptions() {
            List<String> all = new ArrayList<>(options);
            all.addAll(FUNCTION_MEMORY);
            return all;
        }
    }

    /** The handlers compared. */
    enum Handler {
        OURS("ours", RouterHandler.class.getName()),
        BASELINE("baseline", SeedStyleHandler.class.getName());

        final String label;
        final String className;

        Handler(String label, String className) {
            this.label = label;
            this.className = className;
        }
    }

    record Runs(Compiler compiler, List<CpuRunner.Result> ours, List<CpuRunner.Result> baseline) {

        CpuRunner.Result medianOurs() {
            return median(ours);
        }

        CpuRunner.Result medianBaseline() {
            return median(baseline);
        }

        static CpuRunner.Result median(List<CpuRunner.Result> results) {
            List<CpuRunner.Result> sorted = results.stream()
                    .sorted(Comparator.comparingDouble(CpuRunner.Result::millisPerRecord))
                    .toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    record Profile(Handler handler, CpuRunner.Result result, JfrBreakdown.Breakdown breakdown, Path recording) {}

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
            List<CpuRunner.Result> ours = new ArrayList<>();
            List<CpuRunner.Result> baseline = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                ours.add(run(Handler.OURS, compiler.jvmOptions(), environment));
                baseline.add(run(Handler.BASELINE, compiler.jvmOptions(), environment));
            }
            runs.add(new Runs(compiler, ours, baseline));
        }
        List<Profile> profiles = new ArrayList<>();
        for (Handler handler : Handler.values()) {
            Path recording =
                    Path.of("target", "benchmark-cpu-" + handler.label + ".jfr").toAbsolutePath();
            Files.deleteIfExists(recording);
            List<String> options = new ArrayList<>(Compiler.LAMBDA.jvmOptions());
            options.addAll(flightRecorder(recording));
            CpuRunner.Result result = run(handler, options, environment);
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

    static CpuRunner.Result run(Handler handler, List<String> jvmOptions, Map<String, String> environment) {
        return run(handler, jvmOptions, environment, WARMUP_BATCHES, MEASURED_BATCHES);
    }

    /** One child JVM: {@code handler} warmed up with {@code warmupBatches}, measured over {@code measuredBatches}. */
    static CpuRunner.Result run(
            Handler handler,
            List<String> jvmOptions,
            Map<String, String> environment,
            int warmupBatches,
            int measuredBatches) {
        Path output = Path.of("target", "benchmark-cpu-" + handler.label + ".log");
        ChildJvm.Run run = ChildJvm.run(
                jvmOptions,
                CpuRunner.class.getName(),
                List.of(
                        handler.className,
                        String.valueOf(warmupBatches),
                        String.valueOf(measuredBatches),
                        String.valueOf(BATCH_SIZE),
                        UUID.randomUUID().toString().substring(0, 8)),
                environment,
                output,
                Duration.ofMinutes(5));
        if (run.exitCode() != 0) {
            throw new IllegalStateException("The CPU run of " + handler.label + " failed (exit " + run.exitCode()
                    + "); its output is in " + output.toAbsolutePath());
        }
        return CpuRunner.Result.parse(run.output());
    }

    String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%nCPU per scan: each handler in a fresh JVM (%s), stand-ins in the parent; %d warm-up batches, then"
                        + " %d batches of %d unique scans; process CPU time / records, median of %d rounds%n",
                String.join(" ", FUNCTION_MEMORY),
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
            for (CpuRunner.Result result : List.of(r.medianOurs(), r.medianBaseline())) {
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
            CpuRunner.Result result = profile.result();
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

    private static String rounds(List<CpuRunner.Result> results) {
        return results.stream()
                .map(r -> String.format(Locale.ROOT, "%.3f", r.millisPerRecord()))
                .toList()
                .toString();
    }
}
