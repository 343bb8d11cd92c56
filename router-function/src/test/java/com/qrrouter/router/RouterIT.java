package com.qrrouter.router;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.event;
import static com.qrrouter.router.fakes.SqsEvents.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.EmbeddedMqttBroker;
import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.schema.Examples;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The router wired as on AWS ({@link Router#onAws}) against dynalite, ElasticMQ (the DLQ), and the IoT
 * data-plane endpoint stand-in forwarding to an embedded MQTT broker with a device subscribed.
 */
class RouterIT {

    static final String PREFIX = "qr-router/it/";
    static final String ROUTES = "qr-router-it-routes";
    static final String IDEMPOTENCY = "qr-router-it-idempotency";
    static final String SEED_BODY = Examples.valid("01-seed-sample").text();
    static final Duration BUDGET = Duration.ofSeconds(25);

    static DynamoDbEmulator dynamoDb;
    static LocalSqs sqs;
    static EmbeddedMqttBroker broker;
    static IotDataPlaneEndpoint iot;
    static String deadLetterQueueUrl;
    static String sourceQueueUrl;

    /** The teams the fixtures' routes admit: the one {@link SqsEvents#record} posts as. */
    static final Set<String> TEAMS = Set.of(SqsEvents.DEMO_TEAM);

    static Router router;

    MqttSubscriber device;

    @BeforeAll
    static void startLocalStack() {
        dynamoDb = DynamoDbEmulator.start().createRoutesTable(ROUTES).createIdempotencyTable(IDEMPOTENCY);
        dynamoDb.putRoute(ROUTES, "DemoClient", PREFIX + "MyTopic", TEAMS);
        dynamoDb.putRoute(ROUTES, "RogueClient", "MyTopic", TEAMS);
        sqs = LocalSqs.start();
        LocalSqs.QueuePair queues = sqs.createQueueWithDeadLetterQueue(
                "qr-router-it", "qr-router-it-dlq", PipelineSettings.QUEUE_VISIBILITY_TIMEOUT);
        deadLetterQueueUrl = queues.deadLetterQueueUrl();
        sourceQueueUrl = queues.queueUrl();
        broker = EmbeddedMqttBroker.start();
        iot = IotDataPlaneEndpoint.start(broker);
        RouterSettings settings = RouterSettings.fromEnvironment(RouterEnvironment.builder()
                .routesTableName(ROUTES)
                .idempotencyTableName(IDEMPOTENCY)
                .deadLetterQueueUrl(deadLetterQueueUrl)
                .sourceQueueUrl(sourceQueueUrl)
                .topicPrefix(PREFIX)
                .iotDataEndpoint(iot.uri().toString())
                .routeCacheTtl(Duration.ZERO)
                .build());
        router = Router.onAws(
                settings, new AwsOverrides(dynamoDb.endpoint(), sqs.endpoint(), LocalAws.REGION, LocalAws.CREDENTIALS));
    }

    @AfterAll
    static void stopLocalStack() {
        router.close();
        iot.close();
        broker.close();
        sqs.close();
        dynamoDb.close();
    }

    @BeforeEach
    void connectDevice() {
        iot.reset();
        device = MqttSubscriber.subscribe(broker, PREFIX + "#");
    }

    @AfterEach
    void disconnectDevice() {
        device.close();
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    static SQSEvent uniqueBatch(String tag, int size) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            records.add(record(tag + "-" + i, body("DemoClient", tag + "-QR-" + i), "req-" + tag + i, "DemoClient"));
        }
        return event(records);
    }

    @Test
    void route_whenSeedMessage_deviceReceivesExactlyTheBodyWithQos1() {
        BatchReport report = router.route(SqsEvents.load("events/seed-message.json"), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 1);
        assertThat(device.received()).singleElement().satisfies(message -> {
            assertThat(message.topic()).isEqualTo(PREFIX + "MyTopic");
            assertThat(message.payload()).isEqualTo(SEED_BODY.getBytes(StandardCharsets.UTF_8));
            assertThat(message.qos()).isEqualTo(1);
        });
        assertThat(iot.publishes()).singleElement().satisfies(publish -> {
            assertThat(publish.qos()).isEqualTo(1);
            assertThat(publish.contentType()).contains("application/json");
            assertThat(publish.payloadFormatIndicator()).contains("UTF8_DATA");
            assertThat(publish.correlationData()).contains("req-1");
            assertThat(publish.userProperties()).contains("[{\"correlationId\":\"req-1\"}]");
        });
    }

    @Test
    void route_whenBatchRedelivered_publishesNothingTwice() {
        SQSEvent batch = uniqueBatch("redelivery", 10);

        BatchReport first = router.route(batch, BUDGET);
        BatchReport second = router.route(batch, BUDGET);

        assertThat(first.response().getBatchItemFailures()).isEmpty();
        assertThat(second.response().getBatchItemFailures()).isEmpty();
        assertThat(first.metrics().published()).isEqualTo(10);
        assertThat(second.metrics().duplicates()).isEqualTo(10);
        assertThat(iot.publishes()).hasSize(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() >= 10);
        assertThat(device.received()).hasSize(10);
    }

    @Test
    void route_whenIotThrottlesThenRecovers_reportsFailuresThenDeliversOnRetry() {
        SQSEvent batch = uniqueBatch("throttled", 3);
        iot.failNext(1_000, 429, "ThrottlingException");

        BatchReport throttled = router.route(batch, BUDGET);

        assertThat(failedIds(throttled.response()))
                .containsExactlyInAnyOrder("throttled-0", "throttled-1", "throttled-2");
        assertThat(throttled.metrics().retried(RetryReason.THROTTLED)).isEqualTo(3);
        assertThat(iot.publishes()).isEmpty();

        iot.failNext(0, 200, "");
        BatchReport retried = router.route(batch, BUDGET);

        assertThat(retried.response().getBatchItemFailures()).isEmpty();
        assertThat(retried.metrics().published()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 3);
    }

    @Test
    void route_whenIotAnswers5xx_reportsFailureThenDeliversOnRetry() {
        SQSEvent batch = uniqueBatch("unavailable", 1);
        iot.failNext(1_000, 503, "ServiceUnavailableException");

        BatchReport failed = router.route(batch, BUDGET);
        iot.failNext(0, 200, "");
        BatchReport retried = router.route(batch, BUDGET);

        assertThat(failedIds(failed.response())).containsExactly("unavailable-0");
        assertThat(failed.metrics().retried(RetryReason.SERVICE_ERROR)).isEqualTo(1);
        assertThat(retried.response().getBatchItemFailures()).isEmpty();
        assertThat(iot.publishes()).hasSize(1);
    }

    @Test
    void route_whenUnknownClient_parksInDlqAndRedriveAfterRouteAddedDelivers() {
        String body = body("LateClient", "late-QR-1");
        SQSEvent original = event(record("late-1", body, "req-late", "LateClient"));

        BatchReport parked = router.route(original, BUDGET);

        assertThat(parked.response().getBatchItemFailures()).isEmpty();
        List<Message> dlq = sqs.receive(deadLetterQueueUrl);
        assertThat(dlq).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo(body);
            assertThat(message.messageAttributes().get("FailureCode").stringValue())
                    .isEqualTo("UNKNOWN_CLIENT");
            assertThat(message.messageAttributes().get("FailureMessage").stringValue())
                    .contains("LateClient");
            assertThat(message.messageAttributes().get("OriginalMessageId").stringValue())
                    .isEqualTo("late-1");
            assertThat(message.messageAttributes().get("ClientID").stringValue())
                    .isEqualTo("LateClient");
            assertThat(message.messageAttributes().get("CorrelationId").stringValue())
                    .isEqualTo("req-late");
        });
        sqs.client()
                .deleteMessage(b ->
                        b.queueUrl(deadLetterQueueUrl).receiptHandle(dlq.get(0).receiptHandle()));

        dynamoDb.putRoute(ROUTES, "LateClient", PREFIX + "LateClient", TEAMS);
        BatchReport redriven =
                router.route(event(record("late-1-redriven", dlq.get(0).body(), "req-late", "LateClient")), BUDGET);

        assertThat(redriven.response().getBatchItemFailures()).isEmpty();
        assertThat(redriven.metrics().published()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 1);
        assertThat(device.received().get(0).topic()).isEqualTo(PREFIX + "LateClient");
    }

    @Test
    void route_whenRouteOutsideStagePrefix_parksForbiddenTopicAndPublishesNothing() {
        SQSEvent batch = event(record("rogue-1", body("RogueClient", "rogue-QR"), "req-rogue", "RogueClient"));

        BatchReport report = router.route(batch, BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(iot.requests()).isZero();
        assertThat(sqs.receive(deadLetterQueueUrl)).singleElement().satisfies(message -> {
            assertThat(message.messageAttributes().get("FailureCode").stringValue())
                    .isEqualTo("FORBIDDEN_TOPIC");
            sqs.client().deleteMessage(b -> b.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
        });
    }

    /** Parked messages read from the DLQ (and deleted there), by OriginalMessageId. */
    static final Map<String, Message> PARKED = new ConcurrentHashMap<>();

    /** Receives the DLQ until the message parked from {@code originalMessageId} is there; deletes what it reads. */
    static Message parkedFrom(String originalMessageId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Message message : sqs.receive(deadLetterQueueUrl)) {
                sqs.client().deleteMessage(b -> b.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
                MessageAttributeValue id = message.messageAttributes().get("OriginalMessageId");
                if (id != null) {
                    PARKED.put(id.stringValue(), message);
                }
            }
            return PARKED.containsKey(originalMessageId);
        });
        return PARKED.get(originalMessageId);
    }

    static String attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }

    @Test
    void route_whenATeamTheRouteDoesNotName_parksForbiddenCallerAndAdmitsTheNamedTeam() {
        dynamoDb.putRoute(ROUTES, "TeamClient", PREFIX + "TeamClient", Set.of("a-team", "b-team"));
        long now = System.currentTimeMillis();
        String body = body("TeamClient", "team-secret-QR");

        BatchReport report = router.route(
                event(
                        SqsEvents.record("team-foreign", body, "req-t1", "TeamClient", SqsEvents.DEMO_TEAM, now),
                        SqsEvents.record("team-none", body, "req-t2", "TeamClient", null, now),
                        SqsEvents.record("team-b", body, "req-t3", "TeamClient", "b-team", now)),
                BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(report.metrics().published()).isEqualTo(1);
        Message foreign = parkedFrom("team-foreign");
        assertThat(attribute(foreign, "FailureCode")).isEqualTo("FORBIDDEN_CALLER");
        assertThat(attribute(foreign, "FailureMessage"))
                .contains("demo-team", "TeamClient")
                .doesNotContain(PREFIX)
                .doesNotContain("team-secret-QR");
        assertThat(attribute(foreign, "CallerTeam")).isEqualTo(SqsEvents.DEMO_TEAM);
        assertThat(foreign.messageAttributes().get("AcceptedAt").dataType()).isEqualTo("Number");
        assertThat(attribute(foreign, "AcceptedAt")).isEqualTo(Long.toString(now));
        assertThat(attribute(parkedFrom("team-none"), "FailureMessage")).contains("no CallerTeam");
        assertThat(iot.publishes())
                .singleElement()
                .satisfies(publish -> assertThat(publish.topic()).isEqualTo(PREFIX + "TeamClient"));
    }

    @Test
    void route_whenPublished_sendsTheTimeLeftAsMqtt5MessageExpiry() {
        long tenSecondsAgo = System.currentTimeMillis() - 10_000;

        router.route(
                event(SqsEvents.record(
                        "expiry-1",
                        body("DemoClient", "expiry-QR"),
                        "req-e",
                        "DemoClient",
                        "demo-team",
                        tenSecondsAgo)),
                BUDGET);

        assertThat(iot.publishes())
                .singleElement()
                .satisfies(publish -> assertThat(Long.parseLong(publish.query().get("messageExpiry")))
                        .isBetween(45L, 50L));
    }

    @Test
    void route_whenTheRouteSetsItsOwnAgeLimit_readsItFromTheTable() {
        dynamoDb.client()
                .putItem(b -> b.tableName(ROUTES)
                        .item(Map.of(
                                "ClientID", AttributeValue.fromS("ShortClient"),
                                "Topic", AttributeValue.fromS(PREFIX + "ShortClient"),
                                "AllowedTeams", AttributeValue.fromSs(List.of(SqsEvents.DEMO_TEAM)),
                                "MaxScanAgeSeconds", AttributeValue.fromN("5"))));
        long now = System.currentTimeMillis();

        router.route(
                event(
                        SqsEvents.record(
                                "short-old",
                                body("ShortClient", "short-1"),
                                "r1",
                                "ShortClient",
                                "demo-team",
                                now - 6_000),
                        SqsEvents.record(
                                "short-new", body("ShortClient", "short-2"), "r2", "ShortClient", "demo-team", now)),
                BUDGET);

        assertThat(attribute(parkedFrom("short-old"), "FailureMessage")).contains("limit of 5 s", "route");
        assertThat(iot.publishes())
                .singleElement()
                .satisfies(publish -> assertThat(Long.parseLong(publish.query().get("messageExpiry")))
                        .isBetween(1L, 5L));
    }

    @Test
    void route_whenRedrivenAfterTheLimit_parksStaleWithOnlyTheNewReasonAndTheOriginalAcceptedAt() {
        long seventySecondsAgo = System.currentTimeMillis() - 70_000;
        router.route(
                event(SqsEvents.record(
                        "old-1", body("OldClient", "old-QR"), "req-old", "OldClient", "demo-team", seventySecondsAgo)),
                BUDGET);
        Message firstParking = parkedFrom("old-1");
        assertThat(attribute(firstParking, "FailureCode")).isEqualTo("UNKNOWN_CLIENT");
        dynamoDb.putRoute(ROUTES, "OldClient", PREFIX + "OldClient", TEAMS);

        // The operator's redrive: the DLQ message with all its attributes goes back to the router.
        SQSEvent.SQSMessage redriven = SqsEvents.received(firstParking);
        redriven.setMessageId("old-1-redriven");
        BatchReport report = router.route(event(redriven), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(iot.publishes()).isEmpty();
        Message secondParking = parkedFrom("old-1-redriven");
        assertThat(attribute(secondParking, "FailureCode")).isEqualTo("STALE_SCAN");
        assertThat(attribute(secondParking, "FailureMessage"))
                .contains("limit of 60 s")
                .doesNotContain("route for");
        assertThat(attribute(secondParking, "PreviousFailureCode")).isEqualTo("UNKNOWN_CLIENT");
        assertThat(attribute(secondParking, "AcceptedAt")).isEqualTo(Long.toString(seventySecondsAgo));
    }

    @Test
    void route_whenTheSameScanComesWithAnotherBody_parksConflictingDuplicateOnTheEmulator() {
        String active =
                Examples.valid("01-seed-sample").with("QRCode", "conflict-QR").text();
        String blocked = Examples.valid("01-seed-sample")
                .with("QRCode", "conflict-QR")
                .with("STATE", "BLOCKED")
                .text();

        router.route(event(record("conflict-1", active, "req-c1", "DemoClient")), BUDGET);
        BatchReport again = router.route(
                event(
                        record("conflict-2", blocked, "req-c2", "DemoClient"),
                        record("conflict-3", active, "req-c3", "DemoClient")),
                BUDGET);

        assertThat(again.response().getBatchItemFailures()).isEmpty();
        assertThat(again.metrics().duplicates()).isEqualTo(1);
        assertThat(iot.publishes()).hasSize(1);
        Message conflict = parkedFrom("conflict-2");
        assertThat(conflict.body()).isEqualTo(blocked);
        assertThat(attribute(conflict, "FailureCode")).isEqualTo("CONFLICTING_DUPLICATE");
        assertThat(attribute(conflict, "FailureMessage")).doesNotContain("conflict-QR");
    }

    @Test
    void route_whenIotRefusesWith403_parksPublishRejectedAtOnceWithTheStatus() {
        iot.failNext(1, 403, "ForbiddenException");

        BatchReport report = router.route(
                event(record("refused-1", body("DemoClient", "refused-QR"), "req-r", "DemoClient")), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        assertThat(iot.requests()).as("not retried").isEqualTo(1);
        Message parked = parkedFrom("refused-1");
        assertThat(attribute(parked, "FailureCode")).isEqualTo("PUBLISH_REJECTED");
        assertThat(attribute(parked, "FailureMessage")).contains("HTTP 403");
    }

    @Test
    void route_whenATransientFaultOnTheLastReceive_parksRetriesExhaustedInsteadOfAStaleCode() {
        iot.failNext(1, 500, "InternalFailureException");
        SQSEvent.SQSMessage lastTry = SqsEvents.withAttribute(
                SqsEvents.receivedTimes(
                        record("last-1", body("DemoClient", "last-QR"), "req-l", "DemoClient"),
                        PipelineSettings.MAX_RECEIVE_COUNT),
                "FailureCode",
                "UNKNOWN_CLIENT");

        BatchReport report = router.route(event(lastTry), BUDGET);

        assertThat(report.response().getBatchItemFailures()).isEmpty();
        Message parked = parkedFrom("last-1");
        assertThat(attribute(parked, "FailureCode")).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(attribute(parked, "FailureMessage")).contains("SERVICE_ERROR", "5 receives");
        assertThat(attribute(parked, "PreviousFailureCode")).isEqualTo("UNKNOWN_CLIENT");
    }

    @Test
    void route_whenATransientFault_theRecordIsVisibleAgainAfterAboutASecondNotTheVisibilityTimeout() {
        sqs.client()
                .sendMessage(b -> b.queueUrl(sourceQueueUrl)
                        .messageBody(body("DemoClient", "visible-QR"))
                        .messageAttributes(Map.of(
                                "ClientID", stringValue("DemoClient"),
                                "CallerTeam", stringValue(SqsEvents.DEMO_TEAM),
                                "AcceptedAt",
                                        MessageAttributeValue.builder()
                                                .dataType("Number")
                                                .stringValue(Long.toString(System.currentTimeMillis()))
                                                .build())));
        List<Message> first = sqs.receive(sourceQueueUrl);
        assertThat(first).hasSize(1);
        iot.failNext(1, 500, "InternalFailureException");

        BatchReport failed = router.route(event(SqsEvents.received(first.get(0))), BUDGET);
        long answeredAt = System.nanoTime();

        assertThat(failedIds(failed.response())).containsExactly(first.get(0).messageId());
        List<Message> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    again.addAll(sqs.client()
                            .receiveMessage(b -> b.queueUrl(sourceQueueUrl)
                                    .maxNumberOfMessages(1)
                                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                    .messageAttributeNames("All"))
                            .messages());
                    return !again.isEmpty();
                });
        Duration invisible = Duration.ofNanos(System.nanoTime() - answeredAt);
        // Receive 1 waits 1 s (decision 0223); the queue's visibility timeout is 180 s.
        assertThat(invisible).isBetween(Duration.ofMillis(500), Duration.ofSeconds(4));
        assertThat(again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .isEqualTo("2");

        BatchReport retried = router.route(event(SqsEvents.received(again.get(0))), BUDGET);

        assertThat(retried.response().getBatchItemFailures()).isEmpty();
        assertThat(retried.metrics().published()).isEqualTo(1);
        sqs.client()
                .deleteMessage(b ->
                        b.queueUrl(sourceQueueUrl).receiptHandle(again.get(0).receiptHandle()));
    }

    static MessageAttributeValue stringValue(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
