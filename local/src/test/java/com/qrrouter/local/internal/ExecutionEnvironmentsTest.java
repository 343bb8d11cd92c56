package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutionEnvironmentsTest {

    /** What every fake environment answers: no batch item failure. */
    static final String ANSWER = "{\"batchItemFailures\":[]}";

    /** An environment that counts its invocations and can hold them until released. */
    static final class FakeEnvironment implements BatchInvoker {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile boolean closed;
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public String invoke(String event) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                hold.await(5, TimeUnit.SECONDS);
                return ANSWER;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ANSWER;
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final String EVENT = "{\"Records\":[]}";

    private final AtomicLong clock = new AtomicLong();
    private final List<FakeEnvironment> made = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    private CountDownLatch hold = new CountDownLatch(1);

    private ExecutionEnvironments<FakeEnvironment> environments(int max, Duration idleTimeout) {
        return ExecutionEnvironments.create(
                () -> {
                    FakeEnvironment environment = new FakeEnvironment();
                    environment.hold = hold;
                    synchronized (made) {
                        made.add(environment);
                    }
                    return environment;
                },
                max,
                idleTimeout,
                clock::get);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void invoke_whenMoreBatchesThanTheMaximum_runsAtMostTheMaximumAtOnceEachInItsOwnEnvironment() throws Exception {
        ExecutionEnvironments<FakeEnvironment> pool = environments(3, Duration.ofSeconds(60));
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            calls.add(callers.submit(() -> pool.invoke(EVENT)));
        }
        Thread.sleep(300);
        assertThat(pool.busy()).isEqualTo(3);
        assertThat(pool.size()).isEqualTo(3);

        hold.countDown();
        for (Future<String> call : calls) {
            assertThat(call.get(5, TimeUnit.SECONDS))
                    .as("the environment's answer, passed on")
                    .isEqualTo(ANSWER);
        }
        assertThat(pool.peakBusy()).isEqualTo(3);
        assertThat(made).hasSize(3);
        assertThat(made)
                .allSatisfy(environment -> assertThat(environment.maxInFlight.get())
                        .as("one invocation at a time per environment")
                        .isEqualTo(1));
    }

    @Test
    void invoke_whenAnEnvironmentIsIdle_reusesItInsteadOfAColdStart() {
        hold.countDown();
        ExecutionEnvironments<FakeEnvironment> pool = environments(4, Duration.ofSeconds(60));

        pool.invoke(EVENT);
        pool.invoke(EVENT);
        pool.invoke(EVENT);

        assertThat(made).hasSize(1);
        assertThat(pool.started()).isEqualTo(1);
    }

    @Test
    void scaleDown_whenEnvironmentsIdleLongerThanTheTimeout_stopsThemButKeepsOneWarm() throws Exception {
        ExecutionEnvironments<FakeEnvironment> pool = environments(3, Duration.ofSeconds(60));
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(callers.submit(() -> pool.invoke(EVENT)));
        }
        Thread.sleep(200);
        hold.countDown();
        for (Future<String> call : calls) {
            call.get(5, TimeUnit.SECONDS);
        }
        assertThat(pool.size()).isEqualTo(3);

        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(pool.scaleDown()).as("not idle long enough").isZero();
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(pool.scaleDown()).isEqualTo(2);

        assertThat(pool.size()).isEqualTo(1);
        assertThat(made.stream().filter(environment -> environment.closed)).hasSize(2);
        assertThat(pool.stopped()).isEqualTo(2);
    }

    @Test
    void close_whenInvocationsRun_closesEveryEnvironmentOnceTheyEnd() throws Exception {
        ExecutionEnvironments<FakeEnvironment> pool = environments(2, Duration.ofSeconds(60));
        Future<String> running = callers.submit(() -> pool.invoke(EVENT));
        Thread.sleep(200);

        pool.close();
        hold.countDown();
        running.get(5, TimeUnit.SECONDS);

        assertThat(made)
                .singleElement()
                .satisfies(environment -> assertThat(environment.closed).isTrue());
    }
}
