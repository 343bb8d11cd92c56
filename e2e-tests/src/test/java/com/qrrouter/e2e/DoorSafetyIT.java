package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qrrouter.local.AwsError;
import com.qrrouter.local.FaultRate;
import com.qrrouter.local.LocalFaults;
import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackConfig;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import com.qrrouter.settings.PipelineSettings.RouteAttributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue #15 through the whole local stack (token endpoint, API front, ElasticMQ, the router jar under Lambda's runtime
 * client, dynalite, the IoT stand-in and HiveMQ CE): a scan reaches a door only when the right team sent it and it is
 * still fresh, a contradiction is parked instead of dropped, and a transient IoT fault costs seconds, not minutes. Each
 * case posts through the API as an integrating team would and watches the device and the DLQ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoorSafetyIT {

    private static final Duration DELIVERY = Duration.ofSeconds(15);

    private LocalStack stack;
    private LocalFaults faults;
    private PipelineClient client;
    private DeadLetters deadLetters;

    @BeforeAll
    void startStack() {
        stack = LocalStack.start(LocalStackConfig.builder()
                .freePorts()
                .faultInjection(true)
                .routeCacheTtl(Duration.ZERO)
                .routerOutput(LocalStage.routerLog(Path.of("target", "door-safety-router.log")))
                .build());
        faults = LocalFaults.of(stack);
        client = new PipelineClient(stack.tokenUri(), stack.messageUri());
        deadLetters = new DeadLetters(
                stack.sqs().client(), stack.queues().queueUrl(), stack.queues().deadLetterQueueUrl());
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void post_whenAnotherTeamAddressesTheDoor_isParkedForbiddenCallerAndNeverDelivered() throws Exception {
        String door = door();
        String topic = putRoute(door, Set.of(LocalStack.DEMO_TEAM), Optional.empty());
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            String qrCode = qrCode();

            PipelineClient.Answer answer = post(LocalStack.OTHER_TEAM, SeedScans.of(door, qrCode));

            assertThat(answer.status()).isEqualTo(200);
            Message parked = parked(answer.requestId());
            assertThat(attribute(parked, MessageAttributes.FAILURE_CODE)).isEqualTo("FORBIDDEN_CALLER");
            assertThat(attribute(parked, MessageAttributes.CALLER_TEAM)).isEqualTo(LocalStack.OTHER_TEAM);
            assertThat(attribute(parked, MessageAttributes.FAILURE_MESSAGE))
                    .contains(LocalStack.OTHER_TEAM)
                    .doesNotContain(topic)
                    .doesNotContain(qrCode);
            // The right team's scan of the same door goes through: the route, not the door, refused the caller.
            PipelineClient.Answer own = post(LocalStack.DEMO_TEAM, SeedScans.of(door, qrCode()));
            assertThat(own.status()).isEqualTo(200);
            await().atMost(DELIVERY).until(() -> device.received().size() == 1);
            assertThat(device.received())
                    .extracting(received -> received.properties().correlationDataText())
                    .containsExactly(Optional.of(own.requestId()));
        }
    }

    @Test
    void post_whenScanRetriedPastItsRoutesAgeLimit_isParkedStaleScanAndNeverDelivered() throws Exception {
        String door = door();
        String topic = putRoute(door, Set.of(LocalStack.DEMO_TEAM), Optional.of(2));
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            // IoT answers 503 for a while: each retry comes back after a second or so, until the scan is too old.
            faults.iot().fail(new AwsError(503, "ServiceUnavailableException"), FaultRate.always());

            PipelineClient.Answer answer = post(LocalStack.DEMO_TEAM, SeedScans.of(door, qrCode()));

            assertThat(answer.status()).isEqualTo(200);
            Message parked = parked(answer.requestId());
            faults.clear();
            assertThat(attribute(parked, MessageAttributes.FAILURE_CODE)).isEqualTo("STALE_SCAN");
            Thread.sleep(1_000);
            assertThat(device.received()).isEmpty();
        }
    }

    @Test
    void redrive_whenParkedScanRedrivenAfterTheAgeLimit_isParkedStaleScanWithItsNewReasonAndTheOldOneAsHistory()
            throws Exception {
        String door = door();
        String topic = PipelineSettings.topicPrefix(stack.config().stage()) + "door-safety/" + door;
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            // No route yet: parked as UNKNOWN_CLIENT.
            PipelineClient.Answer answer = post(LocalStack.DEMO_TEAM, SeedScans.of(door, qrCode()));
            Message unknown = parked(answer.requestId());
            assertThat(attribute(unknown, MessageAttributes.FAILURE_CODE)).isEqualTo("UNKNOWN_CLIENT");
            // The operator fixes the route, but the scan is older than its limit by the time it is redriven.
            putRoute(door, Set.of(LocalStack.DEMO_TEAM), Optional.of(2));
            Thread.sleep(2_500);

            // SQS's own DLQ redrive moves the message as it is, reason attributes included.
            stack.sqs()
                    .client()
                    .sendMessage(b -> b.queueUrl(stack.queues().queueUrl())
                            .messageBody(unknown.body())
                            .messageAttributes(unknown.messageAttributes()));
            deadLetters.delete(unknown);

            Message stale = parked(answer.requestId());
            assertThat(attribute(stale, MessageAttributes.FAILURE_CODE)).isEqualTo("STALE_SCAN");
            assertThat(attribute(stale, "PreviousFailureCode")).isEqualTo("UNKNOWN_CLIENT");
            Thread.sleep(1_000);
            assertThat(device.received()).isEmpty();
        }
    }

    @Test
    void post_whenSameScanRepostedWithAnotherBody_isParkedConflictingDuplicateAndTheSameBodyOnlyAcknowledged()
            throws Exception {
        String door = door();
        String topic = putRoute(door, Set.of(LocalStack.DEMO_TEAM), Optional.empty());
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            byte[] active = SeedScans.SEED_SAMPLE
                    .with("ClientID", door)
                    .with("QRCode", qrCode())
                    .with("STATE", "ACTIVE")
                    .bytes();
            byte[] blocked = new String(active, StandardCharsets.UTF_8)
                    .replace("\"ACTIVE\"", "\"BLOCKED\"")
                    .getBytes(StandardCharsets.UTF_8);

            PipelineClient.Answer first = post(LocalStack.DEMO_TEAM, active);
            await().atMost(DELIVERY).until(() -> device.received().size() == 1);
            PipelineClient.Answer again = post(LocalStack.DEMO_TEAM, active);
            PipelineClient.Answer revocation = post(LocalStack.DEMO_TEAM, blocked);

            assertThat(List.of(first.status(), again.status(), revocation.status()))
                    .containsOnly(200);
            Message parked = parked(revocation.requestId());
            assertThat(attribute(parked, MessageAttributes.FAILURE_CODE)).isEqualTo("CONFLICTING_DUPLICATE");
            assertThat(parked.body()).isEqualTo(new String(blocked, StandardCharsets.UTF_8));
            Thread.sleep(1_000);
            assertThat(deadLetters.find(MessageAttributes.CORRELATION_ID, again.requestId(), 1))
                    .isEmpty();
            assertThat(device.received()).hasSize(1);
            assertThat(device.received().get(0).payload()).isEqualTo(active);
        }
    }

    @Test
    void post_whenDoorOfflinePastTheScansExpiry_neverReceivesItAndOneBackInTimeReceivesItOnce() throws Exception {
        String door = door();
        String topic = putRoute(door, Set.of(LocalStack.DEMO_TEAM), Optional.of(4));
        try (MqttSubscriber late = MqttSubscriber.subscribe(stack.mqttPort(), topic);
                MqttSubscriber prompt = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            late.goOffline();
            prompt.goOffline();
            int publishes = faults.iot().publishes().size();

            PipelineClient.Answer answer = post(LocalStack.DEMO_TEAM, SeedScans.of(door, qrCode()));

            assertThat(answer.status()).isEqualTo(200);
            await().atMost(DELIVERY).until(() -> faults.iot().publishes().size() > publishes);
            prompt.comeBack();
            Thread.sleep(5_000);
            late.comeBack();
            await().atMost(Duration.ofSeconds(5)).until(() -> prompt.received().size() == 1);
            Thread.sleep(1_000);
            assertThat(prompt.received()).hasSize(1);
            assertThat(prompt.received().get(0).properties().messageExpiryInterval())
                    .hasValueSatisfying(left -> assertThat(left).isBetween(0L, 4L));
            assertThat(late.received()).isEmpty();
        }
    }

    @Test
    void post_whenIotAnswers503Once_theScanReachesTheDoorWithinFiveSeconds() throws Exception {
        String door = door();
        String topic = putRoute(door, Set.of(LocalStack.DEMO_TEAM), Optional.empty());
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            faults.iot().failNext(1, 503, "ServiceUnavailableException");
            long start = System.nanoTime();

            PipelineClient.Answer answer = post(LocalStack.DEMO_TEAM, SeedScans.of(door, qrCode()));

            assertThat(answer.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("== Door safety: one IoT 503, delivered after " + took.toMillis() + " ms");
            assertThat(faults.iot().faultsInjected()).isGreaterThanOrEqualTo(1);
            Thread.sleep(500);
            assertThat(device.received()).hasSize(1);
        }
    }

    /** A ClientID of its own per case, so no case sees another's route, idempotency record or parked scan. */
    private static String door() {
        return "Door" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String qrCode() {
        return "door+" + UUID.randomUUID() + "=/x";
    }

    /** Puts the route of {@code door}; returns its topic. */
    private String putRoute(String door, Set<String> teams, Optional<Integer> maxScanAgeSeconds) {
        String topic = PipelineSettings.topicPrefix(stack.config().stage()) + "door-safety/" + door;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RouteAttributes.CLIENT_ID, AttributeValue.fromS(door));
        item.put(RouteAttributes.TOPIC, AttributeValue.fromS(topic));
        item.put(RouteAttributes.ALLOWED_TEAMS, AttributeValue.fromSs(List.copyOf(teams)));
        maxScanAgeSeconds.ifPresent(
                seconds -> item.put(RouteAttributes.MAX_SCAN_AGE_SECONDS, AttributeValue.fromN(seconds.toString())));
        stack.dynamoDb().client().putItem(b -> b.tableName(stack.routesTable()).item(item));
        return topic;
    }

    private PipelineClient.Answer post(String team, byte[] body) {
        var machineClient = stack.machineClient(team);
        String token =
                client.token(machineClient.clientId(), machineClient.clientSecret(), PipelineSettings.FULL_SCOPE);
        return client.postJson(token, body);
    }

    /** The parked message of the POST with this request id, once the router has parked it. */
    private Message parked(String requestId) {
        return await().atMost(DELIVERY)
                .until(() -> deadLetters.find(MessageAttributes.CORRELATION_ID, requestId, 30), Optional::isPresent)
                .orElseThrow();
    }

    private static String attribute(Message message, String name) {
        var value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }
}
