package com.qrrouter.e2e.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.benchmark.LoadBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./run load-benchmark} end to end on a real stack in a child JVM, with the router jar this build packaged (it
 * lives here, not in {@code local}, because the reactor packages {@code router-function} after {@code local}).
 */
class LoadBenchmarkIT {

    private static final Path ROUTER_JAR = Path.of("..", "router-function", "target", "router-function.jar");

    @Test
    void execute_whenTwoHundredScansAFewUnrouted_deliversTheRoutedParksTheOthersAndExitsZero() throws Exception {
        Path dir = Path.of("target", "load-benchmark-it");
        Run run = run(
                dir,
                "--scans=200",
                "--unrouted-percent=5",
                "--concurrency=4",
                "--warmup-scans=20",
                "--drain-timeout=60",
                "--no-progress");

        String report = run.report();
        assertThat(run.exitCode())
                .as("exit code; stderr:%n%s%nreport:%n%s", run.errors(), report)
                .isZero();
        assertThat(report)
                .containsPattern("lost +0\\n")
                .containsPattern("duplicates +0\\n")
                .contains("PASSED");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode result = json.get("result");
        assertThat(result.get("accepted").asLong()).isEqualTo(200);
        assertThat(result.get("delivered").asLong()).isEqualTo(190);
        assertThat(result.get("parked").asLong()).isEqualTo(10);
        assertThat(result.get("lost").asLong()).isZero();
        assertThat(result.get("duplicates").asLong()).isZero();
        assertThat(result.get("routedParked").asLong()).isZero();
        assertThat(result.get("refused").size()).isZero();
        assertThat(json.get("deadLetterQueueMessages").asInt()).isEqualTo(10);
        assertThat(json.get("warmups").get(0).get("delivered").asLong()).isEqualTo(20);
        assertThat(json.get("endToEndMillis").get("count").asInt()).isEqualTo(190);
        assertThat(json.get("endToEndMillis").get("p50").asDouble()).isPositive();
        assertThat(json.get("throughputPerSecond").asDouble()).isPositive();
        assertThat(json.get("rawSendMessagePerSecond").asDouble()).isPositive();
        List<String> roles = new ArrayList<>();
        for (JsonNode jvm : json.get("cpu")) {
            roles.add(jvm.get("role").asText());
        }
        assertThat(roles).startsWith("client", "stack").contains("router");
        assertThat(json.get("cpu").get(1).get("cpuMillisPerDeliveredScan").asDouble())
                .isPositive();
        assertThat(dir.resolve("stack.log")).content().contains(LoadBenchmark.STACK_RUNNING);
    }

    @Test
    void execute_whenLatencyMode_runsIdleMaxAndHalfPhasesAndExitsZero() throws Exception {
        Path dir = Path.of("target", "load-benchmark-latency-it");
        Run run = run(
                dir,
                "--latency",
                "--warmup-scans=0",
                "--idle-scans=10",
                "--idle-gap-millis=0",
                "--max-scans=100",
                "--half-seconds=3",
                "--concurrency=4",
                "--no-progress");

        String report = run.report();
        assertThat(run.exitCode())
                .as("exit code; stderr:%n%s%nreport:%n%s", run.errors(), report)
                .isZero();
        assertThat(report).contains("idle  10 scans one at a time", "target <= 150 ms", "target <= 1000 ms", "PASSED");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("idleMillis").get("count").asInt()).isEqualTo(10);
        assertThat(json.get("results").get("max").get("delivered").asLong()).isEqualTo(100);
        double maxRate = json.get("maxDeliveredPerSecond").asDouble();
        assertThat(maxRate).isPositive();
        assertThat(json.get("halfRatePerSecond").asDouble()).isEqualTo(maxRate / 2);
        JsonNode half = json.get("results").get("half");
        // The open-loop phase posts for the given seconds at half the measured rate, and loses nothing.
        assertThat(half.get("accepted").asLong()).isEqualTo((long) Math.max(1, Math.ceil(maxRate / 2 * 3)));
        assertThat(half.get("delivered").asLong())
                .isEqualTo(half.get("accepted").asLong());
        assertThat(half.get("lost").asLong()).isZero();
        assertThat(json.get("halfMillis").get("p99").asDouble()).isPositive();
    }

    /** What one run of the tool printed and answered. */
    private record Run(int exitCode, String report, String errors) {}

    /** Runs the tool with the router jar this build packaged, writing its files to {@code dir}. */
    private static Run run(Path dir, String... options) throws Exception {
        assertThat(ROUTER_JAR).as("the router jar this build packaged").isRegularFile();
        Files.deleteIfExists(dir.resolve("report.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(options));
        args.add("--router-jar=" + ROUTER_JAR);
        args.add("--output-dir=" + dir);
        int exitCode = LoadBenchmark.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
