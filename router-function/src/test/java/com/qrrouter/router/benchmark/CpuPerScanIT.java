package com.qrrouter.router.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.local.LocalSqs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's CPU measurement, small: each handler in a fresh JVM (run by {@code RouterJvm}) routes real batches
 * through the stand-ins, and the figures it reports are the process's. No timing is asserted, only that the run measured what it says.
 */
class CpuPerScanIT {

    static DynamoDbEmulator dynamoDb;
    static LocalSqs sqs;
    static IotDataPlaneEndpoint iot;
    static Map<String, String> environment;

    @BeforeAll
    static void startStandIns() {
        dynamoDb = DynamoDbEmulator.start()
                .createRoutesTable(RouterBenchmark.ROUTES)
                .createIdempotencyTable(RouterBenchmark.IDEMPOTENCY);
        dynamoDb.putRoute(
                RouterBenchmark.ROUTES,
                "DemoClient",
                RouterBenchmark.PREFIX + "MyTopic",
                java.util.Set.of(com.qrrouter.router.fakes.SqsEvents.DEMO_TEAM));
        sqs = LocalSqs.start();
        iot = IotDataPlaneEndpoint.start(null);
        environment = RouterBenchmark.childEnvironment(dynamoDb, sqs, iot, sqs.createQueue("cpu-dlq"));
    }

    @AfterAll
    static void stop() {
        iot.close();
        sqs.close();
        dynamoDb.close();
    }

    @Test
    void run_whenOursRunsInAChildJvm_publishesEveryScanOnceAndReportsItsCpu() {
        iot.reset();
        int before = iot.publishes().size();

        CpuFigures result =
                CpuPerScan.run(BenchmarkHandler.OURS, CpuPerScan.Compiler.LAMBDA.jvmOptions(), environment, 2, 3);

        assertThat(result.records()).isEqualTo(30);
        assertThat(result.processNanos()).isPositive();
        assertThat(result.recordsNanos()).as("the record pool does the routing").isPositive();
        assertThat(result.bytesPerRecord()).isPositive();
        assertThat(result.handlerNanos() + result.recordsNanos() + result.timersNanos() + result.otherNanos())
                .isLessThanOrEqualTo(result.processNanos());
        assertThat(result.to()).isAfterOrEqualTo(result.from());
        List<IotDataPlaneEndpoint.Publish> publishes =
                iot.publishes().subList(before, iot.publishes().size());
        assertThat(publishes).hasSize(50);
        assertThat(publishes.stream()
                        .map(p -> new String(p.payload(), StandardCharsets.UTF_8))
                        .distinct())
                .hasSize(50);
    }

    @Test
    void run_whenTheBaselineRunsInAChildJvm_publishesEveryScanOnItsOwnThread() {
        int before = iot.publishes().size();

        CpuFigures result =
                CpuPerScan.run(BenchmarkHandler.BASELINE, CpuPerScan.Compiler.LAMBDA.jvmOptions(), environment, 1, 2);

        assertThat(result.records()).isEqualTo(20);
        assertThat(result.handlerNanos()).isPositive();
        assertThat(result.recordsNanos()).isZero();
        assertThat(iot.publishes().size() - before).isEqualTo(30);
    }

    @Test
    void breakdown_whenOursRanWithTheFlightRecorder_chargesTheSamplesToParts(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("ours.jfr");
        List<String> options = new ArrayList<>(CpuPerScan.Compiler.LAMBDA.jvmOptions());
        options.addAll(CpuPerScan.flightRecorder(recording));

        CpuFigures result = CpuPerScan.run(BenchmarkHandler.OURS, options, environment, 2, 20);
        JfrBreakdown.Breakdown breakdown = JfrBreakdown.of(recording, result.from(), result.to());

        assertThat(Files.size(recording)).isPositive();
        assertThat(breakdown.total()).isPositive();
        assertThat(breakdown.samplesByPart().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(breakdown.total());
        assertThat(breakdown.samplesByPart().keySet()).anyMatch(part -> part.startsWith("SDK"));
    }
}
