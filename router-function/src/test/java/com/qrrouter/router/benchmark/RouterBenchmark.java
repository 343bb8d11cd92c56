package com.qrrouter.router.benchmark;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.record;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import com.qrrouter.local.runtime.LocalLambdaContext;
import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.router.AwsOverrides;
import com.qrrouter.router.BatchReport;
import com.qrrouter.router.Router;
import com.qrrouter.router.RouterOnClients;
import com.qrrouter.router.RouterSettings;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.router.internal.AwsClients;
import com.qrrouter.router.testing.DelayedDynamoDb;
import com.qrrouter.router.testing.DeployableJar;
import com.qrrouter.settings.RouterEnvironment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * The router benchmark (not a test): prints, side by side, our router against the seed-style baseline.
 *
 * <ul>
 *   <li>Throughput: records per second at batch sizes 1, 10 and 100, both against the same local stand-ins with the
 *       same injected latency per call: dynalite over HTTP on loopback, every call delayed 4 ms; the IoT data-plane
 *       endpoint over HTTP on loopback, answering after 8 ms.
 *       Ours validates, claims and completes idempotency (2 extra DynamoDB writes per record), caches routes, logs
 *       JSON; the baseline does one GetItem and one Publish per record, sequentially.
 *   <li>Cold start: a fresh JVM from start to the first batch of 10 done, the deployable jar's handler against the
 *       minimal SDK-only baseline handler (median of several runs each).
 *   <li>The size of the deployable jar.
 * </ul>
 *
 * Run with {@code ./mvnw -B -pl router-function -Pbenchmark verify} (see docs/performance.md).
 */
public final class RouterBenchmark {

    static final Duration DYNAMODB_LATENCY = Duration.ofMillis(4);
    static final Duration IOT_LATENCY = Duration.ofMillis(8);
    static final String PREFIX = "qr-router/bench/";
    static final String ROUTES = "bench-routes";
    static final String IDEMPOTENCY = "bench-idempotency";
    static final int[] BATCH_SIZES = {1, 10, 100};
    static final int RECORDS_PER_SIZE = 400;
    static final int COLD_START_RUNS = 5;

    private static final AtomicLong SCANS = new AtomicLong();

    private RouterBenchmark() {}

    record Throughput(
            int batchSize,
            double oursRecordsPerSecond,
            double baselineRecordsPerSecond,
            double oursMillisPerBatch,
            double baselineMillisPerBatch) {}

    /** The sections of the report; the benchmark's first argument picks some of them (comma-separated). */
    static final List<String> SECTIONS = List.of("throughput", "coldstart", "cpu");

    public static void main(String[] args) throws Exception {
        List<String> sections = args.length == 0 || args[0].isBlank() ? SECTIONS : List.of(args[0].split(","));
        if (!SECTIONS.containsAll(sections)) {
            throw new IllegalArgumentException("Unknown section in " + sections + "; the sections are " + SECTIONS);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%nQR Router benchmark (%d cores, load average %.2f at start)%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        if (sections.contains("throughput")) {
            try (DynamoDbEmulator dynamoDb = DynamoDbEmulator.start();
                    LocalSqs sqs = LocalSqs.start();
                    IotDataPlaneEndpoint iot = IotDataPlaneEndpoint.start(null)) {
                dynamoDb.createRoutesTable(ROUTES).createIdempotencyTable(IDEMPOTENCY);
                dynamoDb.putRoute(ROUTES, "DemoClient", PREFIX + "MyTopic", Set.of(SqsEvents.DEMO_TEAM));
                iot.latency(IOT_LATENCY);
                out.append(throughputReport(throughput(dynamoDb, sqs, iot, sqs.createQueue("bench-dlq"))));
            }
        }
        if (sections.contains("coldstart")) {
            try (DynamoDbEmulator dynamoDb = DynamoDbEmulator.start();
                    LocalSqs sqs = LocalSqs.start();
                    IotDataPlaneEndpoint iot = IotDataPlaneEndpoint.start(null)) {
                dynamoDb.createRoutesTable(ROUTES).createIdempotencyTable(IDEMPOTENCY);
                dynamoDb.putRoute(ROUTES, "DemoClient", PREFIX + "MyTopic", Set.of(SqsEvents.DEMO_TEAM));
                String dlq = sqs.createQueue("bench-dlq");
                Map<String, String> env = childEnvironment(dynamoDb, sqs, iot, dlq);
                ColdStarts oursCold = coldStarts(BenchmarkHandler.OURS, env);
                ColdStarts baselineCold = coldStarts(BenchmarkHandler.BASELINE, env);
                out.append(coldStartReport(oursCold, baselineCold));
            }
        }
        if (sections.contains("cpu")) {
            try (DynamoDbEmulator dynamoDb = DynamoDbEmulator.start();
                    LocalSqs sqs = LocalSqs.start();
                    IotDataPlaneEndpoint iot = IotDataPlaneEndpoint.start(null)) {
                dynamoDb.createRoutesTable(ROUTES).createIdempotencyTable(IDEMPOTENCY);
                dynamoDb.putRoute(ROUTES, "DemoClient", PREFIX + "MyTopic", Set.of(SqsEvents.DEMO_TEAM));
                Map<String, String> env = childEnvironment(dynamoDb, sqs, iot, sqs.createQueue("bench-dlq"));
                out.append(CpuPerScan.measure(env).report());
            }
        }
        long jarBytes = Files.size(DeployableJar.path());
        out.append(String.format(
                Locale.ROOT,
                "deployable jar: target/router-function.jar %.1f MiB (%d bytes)%n",
                jarBytes / 1024.0 / 1024.0,
                jarBytes));
        System.out.print(out);
        System.exit(0);
    }

    /** The environment of a child JVM running a handler: what Lambda sets, plus the router's settings. */
    static Map<String, String> childEnvironment(
            DynamoDbEmulator dynamoDb, LocalSqs sqs, IotDataPlaneEndpoint iot, String dlq) {
        Map<String, String> env = LocalAws.lambdaEnvironment("qr-router-bench", dynamoDb.endpoint(), sqs.endpoint());
        env.putAll(routerEnvironment(iot.uri().toString(), dlq));
        return env;
    }

    /**
     * The router's own variables, as infra sets them: the given resources, every other setting at its default but the
     * scan age limit, at its maximum (1 h): the records are stamped when a run builds them, and a run takes minutes, so
     * with the default 60 s later batches would be parked as stale instead of published. The check itself still runs.
     */
    static Map<String, String> routerEnvironment(String iotEndpoint, String dlq) {
        return RouterEnvironment.builder()
                .routesTableName(ROUTES)
                .idempotencyTableName(IDEMPOTENCY)
                .deadLetterQueueUrl(dlq)
                .sourceQueueUrl(dlq.replace("-dlq", ""))
                .topicPrefix(PREFIX)
                .iotDataEndpoint(iotEndpoint)
                .maxScanAge(Duration.ofHours(1))
                .build();
    }

    static List<Throughput> throughput(DynamoDbEmulator dynamoDb, LocalSqs sqs, IotDataPlaneEndpoint iot, String dlq) {
        RouterSettings settings =
                RouterSettings.fromEnvironment(routerEnvironment(iot.uri().toString(), dlq));
        AwsClients sdk = AwsClients.create(
                settings, new AwsOverrides(null, sqs.endpoint(), LocalAws.REGION, LocalAws.CREDENTIALS));
        DynamoDbClient slowDynamoDb = DelayedDynamoDb.wrap(dynamoDb.client(), DYNAMODB_LATENCY);
        AwsClients clients = new AwsClients(slowDynamoDb, sdk.sqs(), sdk.iot());
        Router ours = RouterOnClients.router(settings, clients);
        SeedStyleHandler baseline = new SeedStyleHandler(
                slowDynamoDb,
                IotDataPlaneClient.builder()
                        .endpointOverride(iot.uri())
                        .region(LocalAws.REGION)
                        .credentialsProvider(LocalAws.CREDENTIALS)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                ROUTES);
        Function<SQSEvent, SQSBatchResponse> oursHandler = event -> {
            BatchReport report = ours.route(event, Duration.ofSeconds(30));
            if (!report.response().getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException(
                        "Benchmark batch failed: " + report.response().getBatchItemFailures());
            }
            return report.response();
        };
        Function<SQSEvent, SQSBatchResponse> baselineHandler =
                event -> baseline.handleRequest(event, LocalLambdaContext.create("baseline", Duration.ofSeconds(30)));

        // Warm up both (JIT, connections, route cache) before measuring.
        for (int i = 0; i < 30; i++) {
            oursHandler.apply(batch(10));
            baselineHandler.apply(batch(10));
        }
        List<Throughput> results = new ArrayList<>();
        for (int size : BATCH_SIZES) {
            int batches = Math.max(4, RECORDS_PER_SIZE / size);
            double oursMillis = measure(oursHandler, size, batches);
            double baselineMillis = measure(baselineHandler, size, batches);
            results.add(new Throughput(
                    size, size * 1000.0 / oursMillis, size * 1000.0 / baselineMillis, oursMillis, baselineMillis));
        }
        sdk.close();
        return results;
    }

    /** Mean milliseconds per batch. */
    static double measure(Function<SQSEvent, SQSBatchResponse> handler, int size, int batches) {
        List<SQSEvent> events = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            events.add(batch(size));
        }
        long start = System.nanoTime();
        for (SQSEvent event : events) {
            handler.apply(event);
        }
        return (System.nanoTime() - start) / 1e6 / batches;
    }

    static SQSEvent batch(int size) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long n = SCANS.incrementAndGet();
            records.add(record("bench-" + n, body("DemoClient", "bench-QR-" + n), "req-" + n, "DemoClient"));
        }
        return SqsEvents.event(records);
    }

    /** Cold start runs: JVM launch to batch done, handler construction, first batch. */
    record ColdStarts(long[] total, long[] init, long[] firstBatch) {}

    /**
     * {@link #COLD_START_RUNS} fresh JVMs of {@code handler}, each launched, its handler constructed and invoked with
     * one batch of 10 unique scans: from the launch (the launcher's clock) to the batch's answer; the handler's
     * construction (from the process's start to its first {@code /next}: JVM boot, runtime client, handler); the first
     * batch, from its sending to its answer.
     */
    static ColdStarts coldStarts(BenchmarkHandler handler, Map<String, String> env) {
        long[] millis = new long[COLD_START_RUNS];
        long[] init = new long[COLD_START_RUNS];
        long[] firstBatch = new long[COLD_START_RUNS];
        RouterJvm.Builder launcher = handler.launcher(env, "coldstart");
        for (int run = 0; run < COLD_START_RUNS; run++) {
            SQSEvent records = batch(10);
            try (RouterJvm jvm = launcher.start()) {
                RouterJvm.Startup startup = jvm.awaitReady();
                long sent = System.nanoTime();
                List<String> failed = DeployableJar.invoke(jvm, records);
                long done = System.nanoTime();
                Instant doneAt = Instant.now();
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("Cold start run of " + handler.label + " failed " + failed
                            + "; its output is in target/benchmark-coldstart-" + handler.label + ".log");
                }
                millis[run] = Duration.between(startup.launched(), doneAt).toMillis();
                init[run] = startup.handlerInit().toMillis();
                firstBatch[run] = Duration.ofNanos(done - sent).toMillis();
            }
        }
        return new ColdStarts(millis, init, firstBatch);
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static String throughputReport(List<Throughput> throughput) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%nThroughput (injected latency per call: DynamoDB %d ms, IoT publish %d ms)%n",
                DYNAMODB_LATENCY.toMillis(),
                IOT_LATENCY.toMillis()));
        out.append(String.format(
                Locale.ROOT,
                "%-6s | %14s | %14s | %6s | %12s | %12s%n",
                "batch",
                "ours rec/s",
                "baseline rec/s",
                "ratio",
                "ours ms/batch",
                "base ms/batch"));
        for (Throughput t : throughput) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-6d | %14.1f | %14.1f | %5.2fx | %12.1f | %12.1f%n",
                    t.batchSize(),
                    t.oursRecordsPerSecond(),
                    t.baselineRecordsPerSecond(),
                    t.oursRecordsPerSecond() / t.baselineRecordsPerSecond(),
                    t.oursMillisPerBatch(),
                    t.baselineMillisPerBatch()));
        }
        double single = throughput.get(0).oursMillisPerBatch();
        double ten = throughput.get(1).oursMillisPerBatch();
        out.append(String.format(
                Locale.ROOT,
                "ours: batch of 10 takes %.2fx the time of a single record (target <= 1.5x)%n",
                ten / single));
        return out.toString();
    }

    static String coldStartReport(ColdStarts oursCold, ColdStarts baselineCold) {
        StringBuilder out = new StringBuilder();
        long oursMedian = median(oursCold.total());
        long baselineMedian = median(baselineCold.total());
        out.append(String.format(
                Locale.ROOT,
                "%ncold start, fresh JVM to first batch of 10 done (median of %d): ours %d ms %s, baseline %d ms %s,"
                        + " ratio %.2fx (target <= 1.5x)%n",
                COLD_START_RUNS,
                oursMedian,
                Arrays.toString(oursCold.total()),
                baselineMedian,
                Arrays.toString(baselineCold.total()),
                (double) oursMedian / baselineMedian));
        out.append(String.format(
                Locale.ROOT,
                "  of which process start to ready (JVM, runtime client, handler): ours %d ms, baseline %d ms; first batch: ours"
                        + " %d ms, baseline %d ms%n",
                median(oursCold.init()),
                median(baselineCold.init()),
                median(oursCold.firstBatch()),
                median(baselineCold.firstBatch())));
        return out.toString();
    }
}
