package com.qrrouter.local.runtime;

import static com.qrrouter.local.runtime.FakeRouterJar.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A handler jar run in a fresh JVM by {@link RouterJvm}, with {@link com.qrrouter.local.internal.FakeRouterHandler}
 * (whose records say what it does) under AWS's runtime interface client against the JVM's own Runtime API: start →
 * ready → invoke → measure → stop. The execution environment on top of it
 * (freezing, a fresh JVM after a crash) is {@code RouterProcessIT}'s.
 */
class RouterJvmIT {

    @TempDir
    static Path dir;

    private static Path jar;

    @BeforeAll
    static void packJar() throws Exception {
        jar = FakeRouterJar.pack(dir);
    }

    @Test
    void start_whenLaunched_runsTheHandlerWithLambdasFlagsAndTheGivenEnvironmentOnly() {
        try (RouterJvm jvm = launcher("start")
                .memoryMb(256)
                .environment(Map.of("ROUTES_TABLE_NAME", "routes"))
                .jvmOptions(List.of("-XX:TieredStopAtLevel=4"))
                .start()) {
            List<String> arguments = List.of(
                    ProcessHandle.of(jvm.pid()).orElseThrow().info().arguments().orElseThrow());

            assertThat(arguments)
                    .containsSubsequence(
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-XX:+TieredCompilation",
                            "-XX:TieredStopAtLevel=1",
                            "--enable-native-access=ALL-UNNAMED",
                            "-XX:TieredStopAtLevel=4",
                            RouterJvm.RUNTIME_INTERFACE_CLIENT,
                            FakeRouterJar.HANDLER);
            assertThat(invoke(
                            jvm,
                            List.of(
                                    record("1", "env:ROUTES_TABLE_NAME"),
                                    record("2", "noenv:HOME"),
                                    record("3", "fail"))))
                    .containsExactly("3");
        }
    }

    @Test
    void awaitReady_whenTheHandlerIsConstructed_saysWhenAndHowLongItTook() {
        try (RouterJvm jvm = launcher("ready").start()) {
            RouterJvm.Startup startup = jvm.awaitReady();

            assertThat(startup.ready()).isAfter(startup.launched());
            // The process's start as the system records it (in clock ticks) may be a tick before the launch.
            assertThat(startup.handlerInit())
                    .isPositive()
                    .isLessThan(startup.launchToReady().plusMillis(50));
            assertThat(jvm.awaitReady()).isSameAs(startup);
        }
    }

    @Test
    void usage_whenBatchesRanBetweenTwoSamples_reportsTheJvmsOwnCpuGcAndAllocation() {
        try (RouterJvm jvm = launcher("usage").start()) {
            jvm.collectGarbage();
            JvmUsage before = jvm.usage();
            for (int i = 0; i < 20; i++) {
                invoke(jvm, List.of(record("a" + i, "ok"), record("b" + i, "sleep:5")));
            }
            JvmUsage after = jvm.usage();

            assertThat(after.processCpuNanos()).isGreaterThan(before.processCpuNanos());
            assertThat(after.allocatedBytes()).isGreaterThan(before.allocatedBytes());
            assertThat(after.gcCount()).isGreaterThanOrEqualTo(before.gcCount()).isPositive();
            assertThat(after.nanoTime() - before.nanoTime())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            assertThat(after.at()).isAfterOrEqualTo(before.at());
            assertThat(after.threads())
                    .filteredOn(thread -> thread.name().equals("main"))
                    .singleElement()
                    .satisfies(main -> assertThat(main.cpuNanos()).isPositive());
        }
    }

    @Test
    void stop_whenAsked_endsTheJvmOnSigtermWithItsOutputWritten() throws Exception {
        Path output = dir.resolve("stop.log");
        RouterJvm jvm =
                launcher("stop").output(output).timeout(Duration.ofSeconds(3)).start();
        invoke(jvm, List.of(record("1", "remaining:print")));

        int exitCode = jvm.stop();

        assertThat(exitCode).isEqualTo(143);
        assertThat(jvm.isAlive()).isFalse();
        assertThat(Files.readString(output)).contains("remainingMillis=");
    }

    @Test
    void invoke_whenTheHandlerThrows_failsThisInvocationOnlyWithItsStackTrace() {
        try (RouterJvm jvm = launcher("throw").start()) {
            assertThatThrownBy(() -> invoke(jvm, List.of(record("1", "throw"))))
                    .isInstanceOfSatisfying(
                            RouterJvmException.class,
                            e -> assertThat(e.failure()).isEqualTo(RouterJvmException.Failure.HANDLER_ERROR))
                    // The client's error report: errorType, errorMessage and the handler's stack trace.
                    .hasMessageContaining("java.lang.IllegalArgumentException: asked to throw")
                    .hasMessageContaining("FakeRouterHandler.handleRequest");

            assertThat(jvm.isAlive()).isTrue();
            assertThat(invoke(jvm, List.of(record("2", "ok")))).isEmpty();
        }
    }

    @Test
    void invoke_whenTheHandlerOverrunsTheTimeout_killsTheJvm() {
        try (RouterJvm jvm = launcher("timeout").timeout(Duration.ofSeconds(1)).start()) {
            assertThatThrownBy(() -> invoke(jvm, List.of(record("1", "sleep"))))
                    .isInstanceOfSatisfying(
                            RouterJvmException.class,
                            e -> assertThat(e.failure()).isEqualTo(RouterJvmException.Failure.TIMED_OUT))
                    .hasMessageContaining("did not answer within its timeout of 1 s");

            assertThat(jvm.isAlive()).isFalse();
        }
    }

    @Test
    void awaitReady_whenTheInitFails_throwsTheInitErrorPrintsItAndTheJvmEnds() throws Exception {
        Path output = dir.resolve("init-error.log");
        RouterJvm jvm = launcher("init-error")
                .environment(Map.of("FAKE_INIT", "fail"))
                .output(output)
                .start();

        assertThatThrownBy(jvm::awaitReady)
                .isInstanceOfSatisfying(
                        RouterJvmException.class,
                        e -> assertThat(e.failure()).isEqualTo(RouterJvmException.Failure.INIT_ERROR))
                .hasMessageContaining("init error")
                .hasMessageContaining("FAKE_INIT asked the init to fail");
        assertThat(jvm.stop()).isEqualTo(1);
        assertThat(Files.readString(output)).contains("FAKE_INIT asked the init to fail");
    }

    @Test
    void kill_whenReady_endsTheJvmAndTheNextInvocationSaysSo() {
        try (RouterJvm jvm = launcher("kill").start()) {
            jvm.awaitReady();

            jvm.kill();

            assertThat(jvm.isAlive()).isFalse();
            assertThatThrownBy(() -> invoke(jvm, List.of(record("1", "ok"))))
                    .isInstanceOfSatisfying(
                            RouterJvmException.class,
                            e -> assertThat(e.failure()).isEqualTo(RouterJvmException.Failure.ENDED));
        }
    }

    /** Invokes {@code jvm} with SQS's event of {@code records}; answers the ids of its batch item failures. */
    private static List<String> invoke(RouterJvm jvm, List<Message> records) {
        return FakeRouterJar.failedIds(jvm.invoke(FakeRouterJar.event(records)), records);
    }

    private static RouterJvm.Builder launcher(String name) {
        return RouterJvm.builder(jar)
                .handler(FakeRouterJar.HANDLER)
                .memoryMb(256)
                .timeout(Duration.ofSeconds(5))
                .output(dir.resolve(name + ".log"));
    }
}
