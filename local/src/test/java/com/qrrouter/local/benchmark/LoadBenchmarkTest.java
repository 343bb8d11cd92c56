package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Option errors are found before anything starts: these runs open no socket and start no process. */
class LoadBenchmarkTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = LoadBenchmark.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void execute_whenHelp_printsOptionsAndExitCodes() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--scans", "--concurrency", "--rate", "--unrouted-percent", "--latency", "--jfr")
                .contains("Exit codes:", "a scan was lost or delivered twice");
    }

    @Test
    void execute_whenRateAndConcurrency_saysToGiveOne() {
        Run run = run("--rate=100", "--concurrency=4");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--rate (open loop) and --concurrency (closed loop) exclude each other")
                .contains("Run ./run load-benchmark --help for the options.")
                .doesNotContain("Usage:");
    }

    @Test
    void execute_whenSeveralValuesOutOfRange_listsEveryProblem() {
        Run run = run("--scans=0", "--unrouted-percent=150", "--max-concurrency=1", "--batching-window=301");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--scans must be 1 to 1000000, got 0")
                .contains("--unrouted-percent must be 0 to 100, got 150")
                .contains("--max-concurrency must be 2 to 1000, got 1")
                .contains("--batching-window must be 0 to 300, got 301");
    }

    @Test
    void execute_whenLatencyWithScansOrRate_saysWhatToDrop() {
        Run run = run("--latency", "--scans=100", "--rate=10", "--unrouted-percent=5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("drop --scans", "drop --rate", "drop --unrouted-percent");
    }

    @Test
    void execute_whenValueIsNoNumber_saysWhichOption() {
        Run run = run("--concurrency=many");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--concurrency").contains("many");
    }

    @Test
    void execute_whenRouterJarMissing_saysHowToBuildIt() {
        Run run = run("--router-jar=no-such-dir/router-function.jar");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist: build it with ./mvnw -pl router-function package");
    }

    @Test
    void execute_whenUnknownOption_saysSo() {
        Run run = run("--scan=5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--scan=5'");
    }
}
