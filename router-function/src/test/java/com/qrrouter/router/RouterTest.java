package com.qrrouter.router;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.event;
import static com.qrrouter.router.fakes.SqsEvents.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import com.qrrouter.router.fakes.InMemoryRouteTable;
import com.qrrouter.router.fakes.RecordingDeadLetterQueue;
import com.qrrouter.router.fakes.RecordingPublisher;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.router.internal.PowertoolsIdempotencyGuard;
import com.qrrouter.router.testing.RouterFixture;
import com.qrrouter.schema.Examples;
import com.qrrouter.settings.PipelineSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class RouterTest {

    static final String PREFIX = RouterFixture.PREFIX;
    static final String DEMO_TOPIC = RouterFixture.DEMO_TOPIC;
    static final Examples.Example SEED = Examples.valid("01-seed-sample");
    static final String SEED_BODY = SEED.text();

    /** SHA-256 (hex) of a body, as the router hashes it for the idempotency record. */
    static String sha256(String body) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final Duration BUDGET = Duration.ofSeconds(10);

    InMemoryRouteTable routes;
    RecordingPublisher publisher;
    RecordingDeadLetterQueue deadLetters;
    InMemoryPersistenceStore idempotencyStore;
    Router router;

    RouterFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RouterFixture();
        routes = fixture.routes;
        publisher = fixture.publisher;
        deadLetters = fixture.deadLetters;
        idempotencyStore = fixture.idempotencyStore;
        router = newRouter(4);
    }

    Router newRouter(int concurrency) {
        return fixture.builder()
                .recordConcurrency(concurrency)
                .inProgressWait(Duration.ofMillis(500))
                .build();
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return RouterFixture.failedIds(response);
    }

    static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .build())
                .build();
    }

    @Test
    void route_whenBatchOfTen_publishesEveryRecordAndReportsNoFailure() {
        SQSEvent batch = SqsEvents.load("events/batch-of-ten.json");

        BatchReport report = router.route(batch, BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).hasSize(10);
        assertThat(publisher.published()).allSatisfy(m -> assertThat(m.topic()).isEqualTo(DEMO_TOPIC));
        assertThat(report.metrics().published()).isEqualTo(10);
    }

    @Test
    void route_whenSeedMessage_publishesBodyByteExactWithCorrelationId() {
        BatchReport report = router.route(SqsEvents.load("events/seed-message.json"), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).singleElement().satisfies(message -> {
            assertThat(message.payload()).isEqualTo(SEED_BODY.getBytes(StandardCharsets.UTF_8));
            assertThat(message.topic()).isEqualTo(DEMO_TOPIC);
            assertThat(message.correlationId()).isEqualTo("req-1");
        });
    }

    @Test
    void route_whenBodyHasUnicodeAndEscapes_publishesTheSameBytes() {
        String body = "{ \"ClientID\" : \"DemoClient\", \"QRCode\":\"\\u00e9t\u00e9 \uD83D\uDE00 \\\" /\\\\\","
                + "\"Time\":\"20240229T235959\",\"STATE\":\"ACTIVE\" }";

        router.route(event(record("m1", body, "c1", "DemoClient")), BUDGET);

        assertThat(publisher.published())
                .singleElement()
                .satisfies(message -> assertThat(new String(message.payload(), StandardCharsets.UTF_8))
                        .isEqualTo(body));
    }

    @Test
    void route_whenMixedBatch_parksPermanentFailuresWithReasonsAndAcknowledgesThem() {
        SQSEvent batch = SqsEvents.load("events/mixed-batch.json");

        BatchReport report = router.route(batch, BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).hasSize(2);
        assertThat(deadLetters.parked())
                .extracting(ParkedMessage::originalMessageId, ParkedMessage::failureCode)
                .containsExactlyInAnyOrder(
                        tuple("00000000-0000-4000-8000-000000000002", FailureCode.MALFORMED_JSON),
                        tuple("00000000-0000-4000-8000-000000000003", FailureCode.SCHEMA_VIOLATION),
                        tuple("00000000-0000-4000-8000-000000000004", FailureCode.UNKNOWN_CLIENT),
                        tuple("00000000-0000-4000-8000-000000000005", FailureCode.FORBIDDEN_TOPIC));
        for (ParkedMessage parked : deadLetters.parked()) {
            SQSEvent.SQSMessage original = batch.getRecords().stream()
                    .filter(r -> r.getMessageId().equals(parked.originalMessageId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(parked.body()).isEqualTo(original.getBody());
            assertThat(parked.correlationId())
                    .contains(
                            original.getMessageAttributes().get("CorrelationId").getStringValue());
            assertThat(parked.clientId()).isPresent();
            assertThat(parked.failureMessage()).isNotBlank().doesNotContain("vwWT)Np");
        }
        assertThat(report.metrics().parked(FailureCode.UNKNOWN_CLIENT)).isEqualTo(1);
        assertThat(report.metrics().parkedTotal()).isEqualTo(4);
    }

    @Test
    void route_whenSchemaViolation_failureMessageNamesFieldAndRule() {
        router.route(event(record("m1", SEED.with("Time", "20231301T231010").text(), null, null)), BUDGET);

        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.failureCode()).isEqualTo(FailureCode.SCHEMA_VIOLATION);
            assertThat(parked.failureMessage()).contains("/Time");
            assertThat(parked.clientId()).isEmpty();
        });
    }

    @Test
    void route_whenOnePublishFailsTransiently_reportsExactlyThatRecord() {
        publisher.failWhen(
                m -> new String(m.payload(), StandardCharsets.UTF_8).contains("\"QR-3\""),
                serviceError(503, "ServiceUnavailable"));
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            records.add(record("m" + i, body("DemoClient", "QR-" + i), "c" + i, "DemoClient"));
        }

        BatchReport report = router.route(event(records), BUDGET);

        assertThat(failedIds(report.response())).containsExactly("m3");
        assertThat(publisher.published()).hasSize(4);
        assertThat(deadLetters.parked()).isEmpty();
        assertThat(report.metrics().retried(RetryReason.SERVICE_ERROR)).isEqualTo(1);
    }

    @Test
    void route_whenThrottledThenRetried_publishesOnSecondDelivery() {
        publisher.failNext(serviceError(400, "ThrottlingException"));
        SQSEvent batch = event(record("m1", SEED_BODY, "c1", "DemoClient"));

        BatchReport first = router.route(batch, BUDGET);
        BatchReport second = router.route(batch, BUDGET);

        assertThat(failedIds(first.response())).containsExactly("m1");
        assertThat(first.metrics().retried(RetryReason.THROTTLED)).isEqualTo(1);
        assertThat(second.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).hasSize(1);
    }

    @Test
    void route_whenRouteTableUnreachable_reportsFailureAndParksNothing() {
        routes.failWith(SdkClientException.create("Unable to execute HTTP request: Connection refused"));

        BatchReport report = router.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET);

        assertThat(failedIds(report.response())).containsExactly("m1");
        assertThat(deadLetters.parked()).isEmpty();
        assertThat(report.metrics().retried(RetryReason.CONNECTION_ERROR)).isEqualTo(1);
    }

    @Test
    void route_whenIdempotencyStoreDown_reportsFailure() {
        idempotencyStore.failWith(serviceError(500, "InternalServerError"));

        BatchReport report = router.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET);

        assertThat(failedIds(report.response())).containsExactly("m1");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void route_whenParkingFails_reportsBatchItemFailureInsteadOfLosingTheMessage() {
        deadLetters.failWith(serviceError(503, "ServiceUnavailable"));

        BatchReport report = router.route(event(record("m1", "not json", "c1", "DemoClient")), BUDGET);

        assertThat(failedIds(report.response())).containsExactly("m1");
        assertThat(report.metrics().retried(RetryReason.PARK_FAILED)).isEqualTo(1);
        assertThat(report.metrics().parkedTotal()).isZero();
    }

    @Test
    void route_whenSameScanRedelivered_publishesOnce() {
        SQSEvent batch = SqsEvents.load("events/batch-of-ten.json");

        router.route(batch, BUDGET);
        BatchReport again = router.route(batch, BUDGET);

        assertThat(publisher.published()).hasSize(10);
        assertThat(again.response().getBatchItemFailures()).isEmpty();
        assertThat(again.metrics().duplicates()).isEqualTo(10);
    }

    @Test
    void route_whenClientRePostsSameScanUnderNewMessageId_publishesOnce() {
        router.route(event(record("m1", SEED_BODY, "request-a", "DemoClient")), BUDGET);

        BatchReport report = router.route(event(record("m2", SEED_BODY, "request-b", "DemoClient")), BUDGET);

        assertThat(publisher.published()).hasSize(1);
        assertThat(report.metrics().duplicates()).isEqualTo(1);
        assertThat(deadLetters.parked()).isEmpty();
    }

    @Test
    void route_whenSameScanComesBackWithAnotherBody_parksConflictingDuplicateInsteadOfDroppingIt() {
        // Issue 15 defect 3: ACTIVE then BLOCKED inside the window was acknowledged as a DUPLICATE and lost.
        router.route(event(record("m1", SEED_BODY, "request-a", "DemoClient")), BUDGET);
        String blocked = SEED.with("STATE", "BLOCKED").text();
        String reformatted = SEED_BODY.replace(",", ", ");

        BatchReport report = router.route(
                event(
                        record("m2", blocked, "request-b", "DemoClient"),
                        record("m3", reformatted, "request-c", "DemoClient")),
                BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).hasSize(1);
        assertThat(deadLetters.parked())
                .extracting(ParkedMessage::failureCode, ParkedMessage::body)
                .containsExactlyInAnyOrder(
                        tuple(FailureCode.CONFLICTING_DUPLICATE, blocked),
                        tuple(FailureCode.CONFLICTING_DUPLICATE, reformatted));
        assertThat(deadLetters.parked())
                .allSatisfy(parked -> assertThat(parked.failureMessage()).doesNotContain(SEED.field("QRCode")));
    }

    @Test
    void route_whenSameQrCodeAtAnotherTime_isANewScan() {
        router.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET);

        router.route(event(record("m2", SEED.with("Time", "20231201T231011").text(), "c2", null)), BUDGET);

        assertThat(publisher.published()).hasSize(2);
    }

    @Test
    void route_whenQrCodeHoldsAnUnpairedSurrogateEscape_parksItInsteadOfSharingAnotherScansKey() {
        // "A" + U+D800 (a JSON escape, so the body is plain ASCII and SQS takes it) would hash like "A?".
        String lossy = SEED.with("QRCode", "A?").text();
        String unpaired = SEED.withJson("QRCode", "\"A\\ud800\"").text();
        router.route(event(record("m1", lossy, "c1", "DemoClient")), BUDGET);

        BatchReport report = router.route(event(record("m2", unpaired, "c2", "DemoClient")), BUDGET);

        assertThat(publisher.published()).hasSize(1);
        assertThat(report.metrics().duplicates()).isZero();
        assertThat(deadLetters.parked())
                .singleElement()
                .satisfies(parked -> assertThat(parked.failureCode()).isEqualTo(FailureCode.SCHEMA_VIOLATION));
    }

    @Test
    void route_whenOneMessageIsTwiceInTheBatch_handlesItOnceSoItIsNotParkedTwice() {
        String unknown = body("NoRouteClient", "code-twice");
        BatchReport report = router.route(
                event(
                        record("same-id", unknown, "c1", "NoRouteClient"),
                        record("same-id", unknown, "c1", "NoRouteClient"),
                        record("other-id", body("DemoClient", "code-other"), "c2", "DemoClient"),
                        record("other-id", body("DemoClient", "code-other"), "c2", "DemoClient")),
                BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(deadLetters.parked()).hasSize(1);
        assertThat(publisher.published()).hasSize(1);
        assertThat(report.metrics().duplicates()).isZero();
    }

    @Test
    void route_whenParkedForUnknownClientAndRedrivenAfterRouteAdded_isDelivered() {
        String body = body("NewClient", "QR-new");
        SQSEvent original = event(record("m1", body, "c1", "NewClient"));

        router.route(original, BUDGET);
        assertThat(deadLetters.parked())
                .singleElement()
                .satisfies(p -> assertThat(p.failureCode()).isEqualTo(FailureCode.UNKNOWN_CLIENT));
        assertThat(idempotencyStore.records()).isEmpty();

        routes.put("NewClient", PREFIX + "NewClient");
        BatchReport redriven = router.route(event(record("m9", body, "c1", "NewClient")), BUDGET);

        assertThat(redriven.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published())
                .singleElement()
                .satisfies(m -> assertThat(m.topic()).isEqualTo(PREFIX + "NewClient"));
    }

    @Test
    void route_whenTwoRecordsOfABatchAreTheSameScan_publishesOnceAndAcknowledgesBoth() {
        publisher.delayMillis(50);
        SQSEvent batch =
                event(record("m1", SEED_BODY, "c1", "DemoClient"), record("m2", SEED_BODY, "c2", "DemoClient"));

        BatchReport report = router.route(batch, BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).hasSize(1);
        assertThat(report.metrics().published()).isEqualTo(1);
        assertThat(report.metrics().duplicates()).isEqualTo(1);
    }

    @Test
    void route_whenOtherAttemptOfTheSameScanFailsMeanwhile_takesOverAndPublishes() {
        publisher.delayMillis(50).failNext(serviceError(503, "ServiceUnavailable"));
        SQSEvent batch =
                event(record("m1", SEED_BODY, "c1", "DemoClient"), record("m2", SEED_BODY, "c2", "DemoClient"));

        BatchReport report = router.route(batch, BUDGET);

        assertThat(report.response().getBatchItemFailures()).hasSize(1);
        assertThat(publisher.published()).hasSize(1);
    }

    @Test
    void route_whenManyRecords_processesThemConcurrentlyUpToTheBound() {
        Router bounded = newRouter(3);
        publisher.delayMillis(100);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(record("m" + i, body("DemoClient", "QR-c" + i), "c" + i, null));
        }

        long start = System.nanoTime();
        BatchReport report = bounded.route(event(records), BUDGET);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.maxInFlight()).isEqualTo(3);
        assertThat(millis).isLessThan(900);
    }

    @Test
    void route_whenRecordNotDoneBeforeDeadline_reportsItAsFailure() {
        publisher.delayMillis(1_000);

        BatchReport report = router.route(event(record("slow", SEED_BODY, "c1", null)), Duration.ofMillis(100));

        assertThat(failedIds(report.response())).containsExactly("slow");
        assertThat(report.metrics().retried(RetryReason.DEADLINE)).isEqualTo(1);
    }

    @Test
    void route_whenEventHasNoRecords_answersWithNoFailures() {
        assertThat(router.route(new SQSEvent(), BUDGET).response().getBatchItemFailures())
                .isEmpty();
        assertThat(router.route(null, BUDGET).response().getBatchItemFailures()).isEmpty();
    }

    @Test
    void route_whenBodyEmpty_parksAsMalformed() {
        router.route(event(record("m1", "", "c1", "DemoClient")), BUDGET);

        assertThat(deadLetters.parked()).singleElement().satisfies(p -> {
            assertThat(p.failureCode()).isEqualTo(FailureCode.MALFORMED_JSON);
            assertThat(p.clientId()).contains("DemoClient");
        });
    }

    @Test
    void route_whenRouteCached_readsTableOncePerClient() {
        Router cached = fixture.builder().routeCacheTtl(Duration.ofMinutes(1)).build();

        cached.route(SqsEvents.load("events/batch-of-ten.json"), BUDGET);

        assertThat(publisher.published()).hasSize(10);
        assertThat(routes.reads()).isEqualTo(1);
    }

    @Test
    void route_whenPublishedButCompletingTheClaimFails_acknowledgesTheDeliveredRecord() {
        idempotencyStore.failUpdatesWith(serviceError(500, "InternalServerError"));

        BatchReport report = router.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).hasSize(1);
        assertThat(report.metrics().published()).isEqualTo(1);
    }

    @Test
    void route_whenReleasingTheClaimFails_stillParksAndAcknowledges() {
        idempotencyStore.failDeletesWith(serviceError(500, "InternalServerError"));

        BatchReport report = router.route(event(record("m1", body("Nobody", "QR-x"), "c1", "Nobody")), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(deadLetters.parked())
                .singleElement()
                .satisfies(p -> assertThat(p.failureCode()).isEqualTo(FailureCode.UNKNOWN_CLIENT));
    }

    @Test
    void route_whenAnotherAttemptHoldsTheScanLongerThanTheWait_reportsInProgressForRetry() {
        PowertoolsIdempotencyGuard.create(idempotencyStore, Duration.ofHours(1), Clock.systemUTC())
                .claim(
                        new ScanIdentity(SEED.field("ClientID"), SEED.field("QRCode"), SEED.field("Time")),
                        sha256(SEED_BODY),
                        BUDGET);

        BatchReport report = router.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET);

        assertThat(failedIds(report.response())).containsExactly("m1");
        assertThat(report.metrics().retried(RetryReason.IN_PROGRESS)).isEqualTo(1);
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void close_whenTheRouterMadeItsOwnPool_refusesFurtherBatches() {
        router.close();

        assertThatThrownBy(() -> router.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void close_whenGivenAPool_leavesThatPoolRunning() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Router given = fixture.builder().pool(pool).build();

            given.close();

            assertThat(pool.isShutdown()).isFalse();
            assertThat(given.route(event(record("m1", SEED_BODY, "c1", null)), BUDGET)
                            .metrics()
                            .published())
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void route_whenRecordsFailTransiently_shortensTheirVisibilityByReceiveCountBeforeAnswering() {
        List<SourceQueue.Redelivery> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Router withQueue = fixture.builder()
                .sourceQueue(redeliveries -> {
                    asked.addAll(redeliveries);
                    return List.of();
                })
                .random(new java.util.Random(1))
                .build();
        publisher.failWhen(message -> true, serviceError(503, "ServiceUnavailable"));
        SQSEvent.SQSMessage first = record("m1", body("DemoClient", "QR-1"), "c1", "DemoClient");
        SQSEvent.SQSMessage third =
                SqsEvents.receivedTimes(record("m3", body("DemoClient", "QR-3"), "c3", "DemoClient"), 3);
        SQSEvent.SQSMessage invalid = record("bad", "not json", "c4", "DemoClient");

        BatchReport report = withQueue.route(event(first, third, invalid), BUDGET);

        assertThat(failedIds(report.response())).containsExactlyInAnyOrder("m1", "m3");
        assertThat(asked)
                .extracting(SourceQueue.Redelivery::messageId, SourceQueue.Redelivery::receiptHandle)
                .containsExactlyInAnyOrder(tuple("m1", "receipt-m1"), tuple("m3", "receipt-m3"));
        assertThat(asked)
                .allSatisfy(redelivery -> assertThat(redelivery.delay())
                        .isBetween(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(redelivery.messageId().equals("m1") ? 1 : 4)));
        withQueue.close();
    }

    @Test
    void route_whenChangingVisibilityFails_stillAnswersWithTheFailures() {
        Router withQueue = fixture.builder()
                .sourceQueue(redeliveries -> {
                    throw new IllegalStateException("queue down");
                })
                .build();
        publisher.failWhen(message -> true, serviceError(503, "ServiceUnavailable"));

        BatchReport report =
                withQueue.route(event(record("m1", body("DemoClient", "QR-1"), "c1", "DemoClient")), BUDGET);

        assertThat(failedIds(report.response())).containsExactly("m1");
        withQueue.close();
    }

    @Test
    void route_whenAForeignTeamPostsAScan_parksItWithoutPublishingOrClaiming() {
        BatchReport report = router.route(
                event(SqsEvents.record("m1", SEED_BODY, "c1", "DemoClient", "other-team", System.currentTimeMillis())),
                BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(publisher.published()).isEmpty();
        assertThat(idempotencyStore.records()).isEmpty();
        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.failureCode()).isEqualTo(FailureCode.FORBIDDEN_CALLER);
            assertThat(parked.failureMessage())
                    .contains("other-team", "DemoClient")
                    .doesNotContain(DEMO_TOPIC)
                    .doesNotContain(SEED.field("QRCode"));
            assertThat(parked.callerTeam()).contains("other-team");
        });
    }

    @Test
    void route_whenTheCallerIsUnregisteredAndARouteNamesThatMarker_parksItForbiddenCaller() {
        routes.put(
                "Marked", new Route(PREFIX + "Marked", Set.of(PipelineSettings.UNREGISTERED_CALLER), Optional.empty()));

        router.route(
                event(SqsEvents.record(
                        "m1",
                        body("Marked", "QR-1"),
                        "c1",
                        "Marked",
                        PipelineSettings.UNREGISTERED_CALLER,
                        System.currentTimeMillis())),
                BUDGET);

        assertThat(publisher.published()).isEmpty();
        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.failureCode()).isEqualTo(FailureCode.FORBIDDEN_CALLER);
            assertThat(parked.failureMessage()).contains("no declared team");
        });
    }

    @Test
    void route_whenScanOlderThanTheLimit_parksStaleAndLetsAFreshCopyThrough() {
        long tooOld = System.currentTimeMillis() - 61_000;

        router.route(event(SqsEvents.record("m1", SEED_BODY, "c1", "DemoClient", SqsEvents.DEMO_TEAM, tooOld)), BUDGET);
        router.route(event(record("m2", SEED_BODY, "c2", "DemoClient")), BUDGET);

        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.failureCode()).isEqualTo(FailureCode.STALE_SCAN);
            assertThat(parked.acceptedAt()).contains(Long.toString(tooOld));
        });
        assertThat(publisher.published())
                .singleElement()
                .satisfies(message ->
                        assertThat(message.messageExpiry()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
    }
}
