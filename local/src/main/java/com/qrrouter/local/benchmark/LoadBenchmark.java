package com.qrrouter.local.benchmark;

import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackConfig;
import com.qrrouter.settings.PipelineSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./run load-benchmark}: the load and latency benchmark of the local stack (issue #9). It starts the stack in a
 * child JVM, subscribes to the seed route's topic as a device, posts unique scans through the API and accounts for each
 * one (delivered, parked, lost, duplicated), then prints one report. Speed targets are printed beside the figures; only
 * a lost or duplicated scan is an error.
 */
@Command(
        name = "load-benchmark",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Starts the local stack in a child JVM on free ports, subscribes to qr-router/local/MyTopic over MQTT, posts"
                    + " unique scans through the API (closed loop at a concurrency, or open loop at a rate), waits"
                    + " until the queue is drained and prints: accepted, delivered, parked, lost, duplicates, API"
                    + " answers other than 2xx by status, end-to-end throughput, POST -> MQTT p50/p95/p99, the raw"
                    + " SendMessage rate of the same SQS from this JVM, and the CPU per delivered scan of each process (the JVMs and dynalite).",
            "With --latency instead: an idle phase (scans one at a time), a maximum phase (closed loop) and a half"
                    + " phase (open loop at half the maximum delivered rate), each figure beside its target.",
            "The stack's output goes to <output-dir>/stack.log, the report also to <output-dir>/report.json."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every accepted scan was delivered once, or parked if it was meant to be (missed speed targets are"
                    + " printed, not an error)",
            "1:a scan was lost or delivered twice, a routed scan was parked or an unrouted one delivered",
            "2:invalid options",
            "3:the benchmark could not run (the stack did not start, no token, the stack died)"
        })
public final class LoadBenchmark implements Callable<Integer> {

    /** The banner line the stack prints once it serves (its log under the output directory holds it). */
    public static final String STACK_RUNNING = StackBanner.RUNNING;

    static final int PASSED = 0;
    static final int ACCOUNT_FAILED = 1;
    static final int COULD_NOT_RUN = 3;

    /** Today's drain rate of the stack before issue #9 (120-230 scans/s): the throughput target is 2.5× its top. */
    static final double BEFORE_DRAIN_RATE = 230;

    static final double THROUGHPUT_TARGET = 2.5 * BEFORE_DRAIN_RATE;
    static final double RAW_RATIO_TARGET = 0.15;
    static final double IDLE_P50_TARGET_MS = 150;
    static final double IDLE_P99_TARGET_MS = 400;
    static final double HALF_P99_TARGET_MS = 1000;

    private static final Duration STACK_START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration IDLE_DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show the options and exit codes, then exit.")
    boolean help;

    @Option(
            names = "--scans",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Scans to post (default ${DEFAULT-VALUE}); not with --latency.")
    int scans;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            description =
                    "Closed loop: C clients, each posting its next scan once answered (default 8, the API"
                            + " front's threads). Also the concurrency of the raw SendMessage run and of --latency's max phase.")
    Integer concurrency;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Open loop instead: R scans per second whatever the stack does; latency counts from when a"
                    + " scan was due (no coordinated omission).")
    Double rate;

    @Option(
            names = "--unrouted-percent",
            paramLabel = "P",
            defaultValue = "0",
            description = "Percentage of scans for a ClientID without a route (parked in the DLQ; default"
                    + " ${DEFAULT-VALUE}). The DLQ must then hold exactly those.")
    int unroutedPercent;

    @Option(
            names = "--warmup-scans",
            paramLabel = "N",
            defaultValue = "3000",
            description = "Scans posted and drained before measuring, so the figures are those of a warmed stack"
                    + " (the stack's JIT compiles for the first thousands of scans; router JVMs, connections; default"
                    + " ${DEFAULT-VALUE}); accounted like the others.")
    int warmupScans;

    @Option(
            names = "--latency",
            description = "The latency benchmark (idle, max and half phases) instead of the load run.")
    boolean latency;

    @Option(
            names = "--idle-scans",
            paramLabel = "N",
            defaultValue = "200",
            description = "--latency: scans of the idle phase, one at a time (default ${DEFAULT-VALUE}).")
    int idleScans;

    @Option(
            names = "--idle-gap-millis",
            paramLabel = "MS",
            defaultValue = "250",
            description = "--latency: pause after each idle scan's delivery, so the next finds an idle stack (default"
                    + " ${DEFAULT-VALUE}).")
    int idleGapMillis;

    @Option(
            names = "--max-scans",
            paramLabel = "N",
            defaultValue = "3000",
            description = "--latency: scans of the max phase, closed loop at --concurrency (default ${DEFAULT-VALUE}).")
    int maxScans;

    @Option(
            names = "--half-seconds",
            paramLabel = "S",
            defaultValue = "30",
            description = "--latency: length of the half phase, open loop at half the max delivered rate (default"
                    + " ${DEFAULT-VALUE}).")
    int halfSeconds;

    @Option(
            names = "--drain-timeout",
            paramLabel = "S",
            defaultValue = "300",
            description = "Seconds to wait after the last POST for the queue to drain (default ${DEFAULT-VALUE}); what"
                    + " has not arrived then is lost.")
    int drainTimeoutSeconds;

    @Option(
            names = "--quiet-seconds",
            paramLabel = "S",
            defaultValue = "3",
            description = "Drained: the queue is empty and nothing new arrived for this long (default ${DEFAULT-VALUE};"
                    + " 1 s once every accepted scan is accounted for).")
    int quietSeconds;

    @Option(
            names = "--api-rate-limit",
            paramLabel = "REQ_PER_S",
            defaultValue = "1000000",
            description = "The stack's API throttle, raised far above the load (default ${DEFAULT-VALUE}); a 429 is"
                    + " reported.")
    double apiRateLimit;

    @Option(
            names = "--api-burst-limit",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "The stack's API burst (default ${DEFAULT-VALUE}).")
    int apiBurstLimit;

    @Option(
            names = "--max-concurrency",
            paramLabel = "N",
            description = "The stack's event source maximum concurrency, 2..1000 (default: the stack's, "
                    + LocalStackConfig.DEFAULT_MAX_CONCURRENCY + ").")
    Integer maxConcurrency;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "The stack's event source batch size, 1..10000 (default: the stack's, "
                    + PipelineSettings.BATCH_SIZE + ").")
    Integer batchSize;

    @Option(
            names = "--batching-window",
            paramLabel = "S",
            description = "The stack's batching window in seconds, 0..300 (default: the stack's, none).")
    Integer batchingWindow;

    @Option(
            names = "--router-jar",
            paramLabel = "PATH",
            description = "The router jar the stack runs (default: router-function/target/router-function.jar).")
    Path routerJar;

    @Option(
            names = "--stack-class-path",
            paramLabel = "CP",
            description =
                    "Class path of the stack's JVM (default: this JVM's, which holds local and its dependencies).")
    String stackClassPath;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            defaultValue = "${sys:load-benchmark.output-dir:-target/load-benchmark}",
            description = "Where stack.log, report.json and stack.jfr go (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(
            names = "--jfr",
            description =
                    "Record the stack's JVM with Java Flight Recorder (profile settings) to <output-dir>/stack.jfr;"
                            + " read it with: jfr view hot-methods <file>.")
    boolean jfr;

    @Option(names = "--no-raw", description = "Skip the raw SendMessage run.")
    boolean noRaw;

    @Option(names = "--no-progress", description = "No progress line on stderr.")
    boolean noProgress;

    private final PrintStream out;
    private final PrintStream err;
    private final List<Phase> phases = new CopyOnWriteArrayList<>();
    private final AtomicLong foreign = new AtomicLong();
    private final String runId = "lb" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());

    LoadBenchmark(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /**
     * Runs the benchmark as {@link #main} does, printing to {@code out} and {@code err}.
     *
     * @return the exit code: 0 all accounted, 1 a scan lost, doubled or misrouted, 2 bad options, 3 no stack
     */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new LoadBenchmark(out, err));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        // The problem and where the options are, not the whole usage (which --help prints).
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            err.println(e.getMessage());
            err.println("Run ./run load-benchmark --help for the options.");
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine.execute(args);
    }

    int concurrency() {
        return concurrency == null ? 8 : concurrency;
    }

    /** Every problem with the options at once, each saying what is allowed. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        boolean scansGiven = spec.commandLine().getParseResult().hasMatchedOption("--scans");
        range(problems, "--scans", scans, 1, 1_000_000);
        if (concurrency != null) {
            range(problems, "--concurrency", concurrency, 1, 1000);
        }
        if (rate != null && !(rate > 0 && rate <= 100_000)) {
            problems.add("--rate must be more than 0 and at most 100000 scans per second, got " + rate);
        }
        if (rate != null && concurrency != null && !latency) {
            problems.add("--rate (open loop) and --concurrency (closed loop) exclude each other: give one");
        }
        range(problems, "--unrouted-percent", unroutedPercent, 0, 100);
        range(problems, "--warmup-scans", warmupScans, 0, 100_000);
        if (latency) {
            if (rate != null) {
                problems.add("--latency picks its own rates (half the measured maximum): drop --rate");
            }
            if (scansGiven) {
                problems.add("--latency posts --idle-scans, --max-scans and a --half-seconds phase: drop --scans");
            }
            if (unroutedPercent != 0) {
                problems.add("--latency measures routed scans only: drop --unrouted-percent");
            }
        }
        range(problems, "--idle-scans", idleScans, 1, 100_000);
        range(problems, "--idle-gap-millis", idleGapMillis, 0, 60_000);
        range(problems, "--max-scans", maxScans, 1, 1_000_000);
        range(problems, "--half-seconds", halfSeconds, 1, 3600);
        range(problems, "--drain-timeout", drainTimeoutSeconds, 1, 86_400);
        range(problems, "--quiet-seconds", quietSeconds, 1, 600);
        if (!(apiRateLimit > 0)) {
            problems.add("--api-rate-limit must be a positive number of requests per second, got " + apiRateLimit);
        }
        range(problems, "--api-burst-limit", apiBurstLimit, 1, Integer.MAX_VALUE);
        if (maxConcurrency != null) {
            range(problems, "--max-concurrency", maxConcurrency, 2, 1000);
        }
        if (batchSize != null) {
            range(problems, "--batch-size", batchSize, 1, 10_000);
        }
        if (batchingWindow != null) {
            range(problems, "--batching-window", batchingWindow, 0, 300);
        }
        if (routerJar != null && !Files.isRegularFile(routerJar)) {
            problems.add("--router-jar " + routerJar.toAbsolutePath() + " does not exist: build it with"
                    + " ./mvnw -pl router-function package");
        }
        return problems;
    }

    private static void range(List<String> problems, String option, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(option + " must be " + min + " to " + max + ", got " + value);
        }
    }

    @Override
    public Integer call() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join(System.lineSeparator(), problems));
        }
        try {
            Files.createDirectories(outputDir);
            return latency ? runLatency() : runLoad();
        } catch (IllegalStateException | UncheckedIOException | IOException e) {
            err.println("load-benchmark: " + e.getMessage());
            return COULD_NOT_RUN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("load-benchmark: interrupted");
            return COULD_NOT_RUN;
        }
    }

    /** What the stack's JVM is told besides its ports. */
    List<String> stackOptions(String clientSecret) {
        List<String> options = new ArrayList<>();
        options.add("--client-secret=" + clientSecret);
        options.add("--api-rate-limit=" + apiRateLimit);
        options.add("--api-burst-limit=" + apiBurstLimit);
        if (maxConcurrency != null) {
            options.add("--max-concurrency=" + maxConcurrency);
        }
        if (batchSize != null) {
            options.add("--batch-size=" + batchSize);
        }
        if (batchingWindow != null) {
            options.add("--batching-window=" + batchingWindow);
        }
        if (routerJar != null) {
            options.add("--router-jar=" + routerJar.toAbsolutePath());
        }
        return options;
    }

    /** The stack, a token and the subscriber: what both modes need before posting. */
    private final class Session implements AutoCloseable {
        final StackProcess stack;
        final StackQueues queues;
        final ScanPoster poster;
        final DeliverySubscriber subscriber;

        /** The stack's settings and the machine's load when the run started, for the report's header. */
        final String context;

        Session() throws IOException, InterruptedException {
            context = String.format(
                    java.util.Locale.ROOT,
                    "stack: max concurrency %s, batch size %s, batching window %s; %d cores, load average %.1f at start",
                    maxConcurrency == null ? LocalStackConfig.DEFAULT_MAX_CONCURRENCY : maxConcurrency,
                    batchSize == null ? PipelineSettings.BATCH_SIZE : batchSize,
                    batchingWindow == null
                            ? PipelineSettings.DEFAULT_BATCHING_WINDOW.toSeconds() + " s"
                            : batchingWindow + " s",
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String clientSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            List<String> jvmOptions = jfr
                    ? List.of("-XX:StartFlightRecording=settings=profile,filename="
                            + outputDir.resolve("stack.jfr").toAbsolutePath())
                    : List.of();
            Path log = outputDir.resolve("stack.log");
            err.println("Starting the local stack (output: " + log.toAbsolutePath() + ") ...");
            String classPath = stackClassPath != null ? stackClassPath : System.getProperty("java.class.path");
            stack = StackProcess.start(classPath, jvmOptions, stackOptions(clientSecret), log, STACK_START_TIMEOUT);
            StackBanner banner = stack.banner();
            queues = new StackQueues(banner);
            ScanPoster newPoster = null;
            try {
                String token = AccessTokens.fetch(banner.tokenUri(), banner.clientId(), clientSecret);
                newPoster = new ScanPoster(banner.messageUri(), token);
                subscriber = DeliverySubscriber.subscribe(
                        banner.mqttPort(),
                        PipelineSettings.topicPrefix(LocalStackConfig.DEFAULT_STAGE) + LocalStack.SEED_TOPIC_NAME,
                        LoadBenchmark.this::arrived);
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (newPoster != null) {
                    newPoster.close();
                }
                queues.close();
                stack.close();
                throw e;
            }
            poster = newPoster;
            err.println("Stack running (pid " + stack.handle().pid() + "), subscribed; run " + runId);
        }

        @Override
        public void close() {
            subscriber.close();
            poster.close();
            queues.close();
            stack.close();
        }
    }

    private void arrived(String body, long nanos) {
        for (Phase phase : phases) {
            if (phase.arrived(body, nanos)) {
                return;
            }
        }
        foreign.incrementAndGet();
    }

    private Phase phase(String name, int count, int percentUnrouted) {
        LocalDateTime firstTime = LocalDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS)
                .minusSeconds(count);
        Phase phase = new Phase(name, Scans.create(runId + "-" + name, count, percentUnrouted, firstTime));
        phases.add(phase);
        return phase;
    }

    private void warmUp(Session session) throws InterruptedException {
        if (warmupScans == 0) {
            return;
        }
        Phase warmup = phase("warm", warmupScans, 0);
        try (ProgressBar ignored = ProgressBar.start(err, warmup, !noProgress)) {
            session.poster.closedLoop(warmup, concurrency());
            drain(session, warmup);
        }
    }

    private int runLoad() throws IOException, InterruptedException {
        try (Session session = new Session()) {
            warmUp(session);
            Phase load = phase("load", scans, unroutedPercent);
            Drain drain;
            List<CpuAccount.Used> cpu;
            try (CpuSampler sampler = new CpuSampler(session.stack.handle());
                    ProgressBar ignored = ProgressBar.start(err, load, !noProgress)) {
                sampler.start();
                if (rate != null) {
                    session.poster.openLoop(load, rate);
                } else {
                    session.poster.closedLoop(load, concurrency());
                }
                drain = drain(session, load);
                cpu = sampler.stop();
            }
            int deadLetters = session.queues.inDeadLetterQueue();
            long parkedForeign = readDeadLetters(session);
            double rawRate = noRaw
                    ? Double.NaN
                    : session.queues.rawSendRate(
                            load.scans().stream().map(Scans.Scan::body).toList(), concurrency());
            LoadReport report = new LoadReport(
                    load,
                    load.tally().result(),
                    warmupResults(),
                    drain,
                    deadLetters,
                    parkedForeign,
                    foreign.get(),
                    rawRate,
                    cpu,
                    CpuSampler.clockTicksPerSecond(),
                    (rate == null ? "closed loop, concurrency " + concurrency() : "open loop, " + rate + " scans/s")
                            + "; " + session.context);
            report.print(out);
            report.writeJson(outputDir.resolve("report.json"));
            return report.passed() ? PASSED : ACCOUNT_FAILED;
        }
    }

    private List<Tally.Result> warmupResults() {
        return phases.stream()
                .filter(phase -> phase.name().equals("warm"))
                .map(phase -> phase.tally().result())
                .toList();
    }

    private int runLatency() throws IOException, InterruptedException {
        try (Session session = new Session()) {
            warmUp(session);
            Phase idle = phase("idle", idleScans, 0);
            try (ProgressBar ignored = ProgressBar.start(err, idle, !noProgress)) {
                for (Scans.Scan scan : idle.scans()) {
                    session.poster.post(idle, scan);
                    awaitDelivery(idle, scan, session.stack);
                    Thread.sleep(idleGapMillis);
                }
                drain(session, idle);
            }
            Phase max = phase("max", maxScans, 0);
            try (ProgressBar ignored = ProgressBar.start(err, max, !noProgress)) {
                session.poster.closedLoop(max, concurrency());
                drain(session, max);
            }
            double maxRate = max.tally().result().delivered() / Math.max(max.deliverySeconds(), 1e-9);
            double halfRate = maxRate / 2;
            Phase half = phase("half", (int) Math.max(1, Math.ceil(halfRate * halfSeconds)), 0);
            try (ProgressBar ignored = ProgressBar.start(err, half, !noProgress)) {
                session.poster.openLoop(half, halfRate);
                drain(session, half);
            }
            readDeadLetters(session);
            LatencyReport report = new LatencyReport(
                    session.context, idle, max, half, maxRate, halfRate, concurrency(), warmupResults(), foreign.get());
            report.print(out);
            report.writeJson(outputDir.resolve("report.json"));
            return report.passed() ? PASSED : ACCOUNT_FAILED;
        }
    }

    /** Waits (briefly) for one scan to arrive, so that the next one is posted to an idle stack. */
    private void awaitDelivery(Phase phase, Scans.Scan scan, StackProcess stack) {
        long deadline = System.nanoTime() + IDLE_DELIVERY_TIMEOUT.toNanos();
        while (phase.tally().deliveries(scan.index()) == 0 && System.nanoTime() < deadline) {
            if (!stack.isAlive()) {
                throw new IllegalStateException(
                        "The stack exited; see " + stack.log().toAbsolutePath());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Reads every DLQ body into the phases' accounts; returns how many were none of this run's scans. */
    private long readDeadLetters(Session session) {
        long none = 0;
        for (String body : session.queues.deadLetterBodies()) {
            if (phases.stream().noneMatch(phase -> phase.tally().parked(body))) {
                none++;
            }
        }
        return none;
    }

    /**
     * Waits until the queue is empty and nothing new has arrived (at the subscriber or the DLQ) for the quiet period (1 s
     * once every accepted scan is accounted for), or the drain timeout passed.
     */
    private Drain drain(Session session, Phase phase) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(drainTimeoutSeconds).toNanos();
        long lastChange = start;
        long lastSeen = -1;
        while (true) {
            if (!session.stack.isAlive()) {
                throw new IllegalStateException("The stack exited during the run; see "
                        + session.stack.log().toAbsolutePath());
            }
            int queued = session.queues.inQueue();
            int parked = session.queues.inDeadLetterQueue();
            Tally.Result result = phase.tally().result();
            long seen = phase.tally().deliveriesSoFar() + parked;
            long now = System.nanoTime();
            if (seen != lastSeen) {
                lastSeen = seen;
                lastChange = now;
            }
            boolean accounted = result.delivered() + parked >= result.accepted();
            Duration quiet = accounted ? Duration.ofSeconds(1) : Duration.ofSeconds(quietSeconds);
            if (queued == 0 && now - lastChange >= quiet.toNanos()) {
                return new Drain(false, queued, (now - start) / 1e9);
            }
            if (now > deadline) {
                return new Drain(true, queued, (now - start) / 1e9);
            }
            Thread.sleep(250);
        }
    }

    /** How the wait for the drain ended: timed out or not, messages still queued then, seconds waited. */
    record Drain(boolean timedOut, int stillQueued, double seconds) {}
}
