package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.qrrouter.local.runtime.FakeRouterJar;
import com.qrrouter.settings.RouterVariable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The function's own JVM as an execution environment, driven as the event source drives it, with
 * {@link FakeRouterHandler} packed into a jar the way the router is ({@link FakeRouterJar}), so each failure mode of a
 * Lambda invocation can be provoked.
 */
class RouterProcessIT {

    private static final String HANDLER = FakeRouterJar.HANDLER;

    @TempDir
    static Path dir;

    private static Path jar;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    static void packJar() throws Exception {
        jar = FakeRouterJar.pack(dir);
    }

    @Test
    void invoke_whenRecordsFailOrNot_answersTheFailedIdsWithTheGivenEnvironmentOnly() {
        String variable = RouterVariable.ROUTES_TABLE_NAME.name();
        try (RouterProcess function = function(Map.of(variable, "routes"), Duration.ofSeconds(1))) {
            List<String> failed = invoke(
                    function,
                    List.of(
                            record("1", "ok"),
                            record("2", "fail"),
                            record("3", "env:" + variable),
                            record("4", "noenv:HOME"),
                            record("5", "remaining")));

            assertThat(failed).containsExactly("2");
        }
    }

    @Test
    void invoke_whenHandlerThrows_failsTheInvocationAndKeepsServing() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> invoke(function, List.of(record("1", "throw"))))
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("asked to throw");

            assertThat(invoke(function, List.of(record("2", "fail")))).containsExactly("2");
        }
    }

    @Test
    void invoke_whenTheJvmDies_failsTheInvocationAndTheNextBatchStartsAFreshJvm() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> invoke(function, List.of(record("1", "exit"))))
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("ended during invocation");

            assertThat(invoke(function, List.of(record("2", "ok")))).isEmpty();
        }
    }

    @Test
    void start_whenLaunched_runsTheJvmAsLambdasJavaRuntimeDoes() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(5))) {
            function.start();
            long pid = function.pid().orElseThrow();

            List<String> arguments = List.of(
                    ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());

            assertThat(arguments)
                    .contains("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")
                    .anyMatch(argument -> argument.startsWith("-Xmx"));
        }
    }

    @Test
    void invoke_whenHandlerOverrunsItsTimeout_failsAtTheTimeoutAndTheNextBatchStartsAFreshJvm() {
        Duration timeout = Duration.ofSeconds(2);
        try (RouterProcess function = function(Map.of(), timeout)) {
            function.start();
            long pid = function.pid().orElseThrow();

            long started = System.nanoTime();
            assertThatThrownBy(() -> invoke(function, List.of(record("1", "sleep"))))
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("did not answer within its timeout of 2 s");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(elapsed).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(1));
            assertThat(alive(pid)).as("the timed-out JVM is alive").isFalse();
            assertThat(invoke(function, List.of(record("2", "ok")))).isEmpty();
            assertThat(function.pid().orElseThrow()).isNotEqualTo(pid);
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("sleeping");
        }
    }

    @Test
    void invoke_whenTheHandlerAsksForItsRemainingTime_countsDownFromTheFunctionTimeout() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(3))) {
            invoke(function, List.of(record("1", "sleep:1000"), record("2", "remaining:print")));

            long remaining = Long.parseLong(output.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("remainingMillis="))
                    .findFirst()
                    .orElseThrow()
                    .substring("remainingMillis=".length()));
            assertThat(remaining).isBetween(1_000L, 2_000L);
        }
    }

    @Test
    void invoke_whenAnswered_freezesTheJvmUntilTheNextBatch() throws Exception {
        Path ticks = dir.resolve("ticks-after-answer");
        try (RouterProcess function = function(Map.of("FAKE_TICK_FILE", ticks.toString()), Duration.ofSeconds(5))) {
            invoke(function, List.of(record("1", "tick")));
            long afterAnswer = ticks(ticks);
            Thread.sleep(500);

            assertThat(ticks(ticks)).as("ticks while frozen").isEqualTo(afterAnswer);
            invoke(function, List.of(record("2", "sleep:200")));
            assertThat(ticks(ticks)).as("ticks during the next invocation").isGreaterThan(afterAnswer);
        }
    }

    @Test
    void start_whenInitIsDone_freezesTheJvmUntilTheFirstBatch() throws Exception {
        Path ticks = dir.resolve("ticks-after-init");
        try (RouterProcess function =
                function(Map.of("FAKE_INIT", "tick", "FAKE_TICK_FILE", ticks.toString()), Duration.ofSeconds(5))) {
            function.start();
            long afterInit = ticks(ticks);
            Thread.sleep(500);

            assertThat(ticks(ticks)).as("ticks while frozen").isEqualTo(afterInit);
            invoke(function, List.of(record("1", "sleep:200")));
            assertThat(ticks(ticks)).as("ticks during the first invocation").isGreaterThan(afterInit);
        }
    }

    @Test
    void kill_whenABatchIsInFlight_failsItPromptlyAndTheNextBatchRunsInAFreshJvm() throws Exception {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(30))) {
            function.start();
            long pid = function.pid().orElseThrow();
            CompletableFuture<List<String>> inFlight =
                    CompletableFuture.supplyAsync(() -> invoke(function, List.of(record("1", "sleep"))));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> output.toString(StandardCharsets.UTF_8).contains("sleeping"));

            long killed = System.nanoTime();
            function.kill();

            assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("ended during invocation");
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(1));
            assertThat(alive(pid)).as("the killed JVM is alive").isFalse();
            assertThat(invoke(function, List.of(record("2", "fail")))).containsExactly("2");
            assertThat(function.pid().orElseThrow()).isNotEqualTo(pid);
        }
    }

    @Test
    void kill_whenIdle_theNextBatchRunsInAFreshJvm() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(5))) {
            assertThat(invoke(function, List.of(record("1", "ok")))).isEmpty();
            long pid = function.pid().orElseThrow();

            function.kill();

            assertThat(function.pid()).isEmpty();
            assertThat(invoke(function, List.of(record("2", "ok")))).isEmpty();
            assertThat(function.pid().orElseThrow()).isNotEqualTo(pid);
        }
    }

    @Test
    void start_whenTheHandlerInitFails_saysWhy() {
        try (RouterProcess function = function(Map.of("FAKE_INIT", "fail"), Duration.ofSeconds(5))) {
            assertThatThrownBy(function::start)
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("init error")
                    .hasMessageContaining("FAKE_INIT asked the init to fail");
        }
    }

    @Test
    void constructor_whenTheJarIsMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> new RouterProcess(
                        dir.resolve("missing.jar"), Map.of(), "f", "arn", 256, Duration.ofSeconds(1), System.out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl router-function package");
    }

    private RouterProcess function(Map<String, String> environment, Duration timeout) {
        return new RouterProcess(
                jar,
                HANDLER,
                environment,
                "fake-router",
                "arn:aws:lambda:eu-west-1:000000000000:function:fake-router",
                256,
                timeout,
                new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long ticks(Path file) throws IOException {
        return Files.exists(file) ? Long.parseLong(Files.readString(file)) : 0;
    }

    private static Message record(String id, String body) {
        return FakeRouterJar.record(id, body);
    }

    /** Invokes {@code function} with SQS's event of {@code records}; answers the ids of its batch item failures. */
    private static List<String> invoke(BatchInvoker function, List<Message> records) {
        return FakeRouterJar.failedIds(function.invoke(FakeRouterJar.event(records)), records);
    }
}
