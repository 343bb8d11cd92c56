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
import com.qrrouter.settings.RouterEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

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
    static Router router;

    MqttSubscriber device;

    @BeforeAll
    static void startLocalStack() {
        dynamoDb = DynamoDbEmulator.start().createRoutesTable(ROUTES).createIdempotencyTable(IDEMPOTENCY);
        dynamoDb.putRoute(ROUTES, "DemoClient", PREFIX + "MyTopic");
        dynamoDb.putRoute(ROUTES, "RogueClient", "MyTopic");
        sqs = LocalSqs.start();
        deadLetterQueueUrl = sqs.createQueue("qr-router-it-dlq");
        broker = EmbeddedMqttBroker.start();
        iot = IotDataPlaneEndpoint.start(broker);
        RouterSettings settings = RouterSettings.fromEnvironment(RouterEnvironment.builder()
                .routesTableName(ROUTES)
                .idempotencyTableName(IDEMPOTENCY)
                .deadLetterQueueUrl(deadLetterQueueUrl)
                .sourceQueueUrl(sqs.createQueue("qr-router-it"))
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

        dynamoDb.putRoute(ROUTES, "LateClient", PREFIX + "LateClient");
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
}
