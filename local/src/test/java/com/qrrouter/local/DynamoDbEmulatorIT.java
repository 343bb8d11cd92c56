package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** dynalite's life as a child process: started on loopback, answering, stopped with the emulator or its parent. */
class DynamoDbEmulatorIT {

    @Test
    void start_whenStarted_answersOnLoopbackAndListsNoTable() {
        try (DynamoDbEmulator emulator = DynamoDbEmulator.start()) {
            assertThat(emulator.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(emulator.endpoint().getPort()).isPositive();
            assertThat(emulator.client().listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void start_whenTwoStart_eachHasItsOwnDatabase() {
        try (DynamoDbEmulator first = DynamoDbEmulator.start().createRoutesTable("routes");
                DynamoDbEmulator second = DynamoDbEmulator.start()) {
            assertThat(second.client().listTables().tableNames()).isEmpty();
            assertThat(first.client().listTables().tableNames()).containsExactly("routes");
        }
    }

    @Test
    void close_whenStarted_stopsTheNodeProcess() {
        DynamoDbEmulator emulator = DynamoDbEmulator.start();
        ProcessHandle node = ProcessHandle.of(emulator.pid()).orElseThrow();
        assertThat(node.info().command())
                .hasValueSatisfying(command -> assertThat(command).endsWith("node"));

        emulator.close();

        assertThat(node.onExit()).succeedsWithin(java.time.Duration.ofSeconds(10));
    }

    @Test
    void start_whenThePortIsTaken_failsWithDynalitesOwnOutput() {
        try (DynamoDbEmulator first = DynamoDbEmulator.start()) {
            int taken = first.endpoint().getPort();

            assertThatThrownBy(() -> DynamoDbEmulator.start(taken))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dynalite did not start on 127.0.0.1:" + taken)
                    .hasMessageContaining("EADDRINUSE");
        }
    }

    @Test
    void serve_whenItsStandardInputCloses_exits() throws Exception {
        // What keeps dynalite from outliving a JVM killed with SIGKILL, whose shutdown hook never runs.
        Properties properties = new Properties();
        try (InputStream in = DynamoDbEmulator.class.getResourceAsStream("dynalite.properties")) {
            properties.load(in);
        }
        Process node = new ProcessBuilder("node", "serve.mjs", "--port", "0")
                .directory(Path.of(properties.getProperty("directory")).toFile())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).startsWith("dynalite listening on 127.0.0.1:");

            node.getOutputStream().close();

            assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).isZero();
        } finally {
            node.destroyForcibly();
        }
    }
}
