package com.qrrouter.router;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.event;
import static com.qrrouter.router.fakes.SqsEvents.record;
import static com.qrrouter.router.testing.RouterFixture.failedIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import com.qrrouter.router.fakes.RecordingDeadLetterQueue;
import com.qrrouter.router.fakes.RecordingPublisher;
import com.qrrouter.router.testing.RouterFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/**
 * The deadline rule (decision 0206): no outside call starts unless it can end before the batch's deadline, so nothing
 * of a batch runs against AWS after the handler has answered (on Lambda the environment is frozen then, and a worker
 * that thaws at the next invocation must not publish or park a record that was already reported as failed).
 */
class RouterDeadlineTest {

    final RouterFixture fixture = new RouterFixture();
    final RecordingPublisher publisher = fixture.publisher;
    final RecordingDeadLetterQueue deadLetters = fixture.deadLetters;
    final InMemoryPersistenceStore idempotencyStore = fixture.idempotencyStore;

    Router router(int concurrency, Duration longestCall) {
        return fixture.builder()
                .recordConcurrency(concurrency)
                .longestCall(longestCall)
                .build();
    }

    @Test
    void route_whenNoCallCouldEndBeforeTheDeadline_startsNoneAndRetriesEveryRecord() {
        Router router = router(4, Duration.ofSeconds(1));

        BatchReport report = router.route(
                event(
                        record("valid", body("DemoClient", "code-1"), "c1", "DemoClient"),
                        record("malformed", "not json", "c2", "DemoClient")),
                Duration.ofMillis(500));

        assertThat(failedIds(report.response())).containsExactlyInAnyOrder("valid", "malformed");
        assertThat(report.metrics().retried(RetryReason.DEADLINE)).isEqualTo(2);
        assertThat(idempotencyStore.records()).isEmpty();
        assertThat(publisher.published()).isEmpty();
        assertThat(deadLetters.parked()).isEmpty();
    }

    @Test
    void route_whenRecordsAreStillRunningAtTheDeadline_noneStartsACallAfterTheAnswer() throws Exception {
        // One worker; the first publish overruns the batch (as a call in flight when Lambda freezes the environment
        // and resumes at the next invocation), the second record is still queued when the handler answers.
        publisher.delayMillis(800);
        Router router = router(1, Duration.ofMillis(100));
        Instant start = Instant.now();

        BatchReport report = router.route(
                event(
                        record("running", body("DemoClient", "code-1"), "c1", "DemoClient"),
                        record("queued", body("DemoClient", "code-2"), "c2", "DemoClient"),
                        record("malformed", "not json", "c3", "DemoClient")),
                Duration.ofMillis(400));
        assertThat(failedIds(report.response())).containsExactlyInAnyOrder("running", "queued", "malformed");

        Thread.sleep(1_500); // the workers go on after the answer; give them time to do anything they would do
        assertThat(publisher.published())
                .as("only the publish that started before the deadline happened")
                .hasSize(1);
        assertThat(deadLetters.parked()).as("nothing parked after the deadline").isEmpty();
        assertThat(idempotencyStore.records().values())
                .as("only the first record's claim, neither completed nor released after the deadline")
                .singleElement()
                .satisfies(claim -> {
                    assertThat(claim.getStatus()).isEqualTo(DataRecord.Status.INPROGRESS);
                    assertThat(claim.getInProgressExpiryTimestamp().getAsLong())
                            .as("the claim outlasts the deadline, so no other attempt publishes while it may run")
                            .isGreaterThanOrEqualTo(start.plusMillis(400).toEpochMilli());
                });
    }

    @Test
    void route_whenPublishEndsAfterTheLastCallStart_acknowledgesAndLeavesTheClaimToExpire() {
        publisher.delayMillis(300);
        Router router = router(1, Duration.ofMillis(600));

        BatchReport report = router.route(
                event(record("m1", body("DemoClient", "code-1"), "c1", "DemoClient")), Duration.ofMillis(800));

        assertThat(report.response().getBatchItemFailures())
                .as("published: SQS may delete it")
                .isEmpty();
        assertThat(publisher.published()).hasSize(1);
        assertThat(idempotencyStore.records().values())
                .singleElement()
                .satisfies(claim -> assertThat(claim.getStatus()).isEqualTo(DataRecord.Status.INPROGRESS));
    }
}
