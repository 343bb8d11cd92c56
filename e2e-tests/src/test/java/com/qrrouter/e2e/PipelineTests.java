package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qrrouter.settings.E2eNames;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole pipeline as a client and a device see it, the same on every target: token and POST over HTTP (REST
 * Assured), receipt on MQTT 5 (AWS IoT Device SDK), the DLQ. Runs against the local stack ({@link PipelineIT}) and a
 * deployed stage ({@link PipelineE2ET}). Each class seeds its own route ({@code e2e-<run>} → {@code
 * qr-router/<stage>/e2e/e2e-<run>}) and removes it afterwards; every case posts scans no other run posts (unique
 * QR codes, so idempotency never mixes runs up).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogExchangesOnFailure.class)
abstract class PipelineTests {

    static final Duration DELIVERY = Duration.ofSeconds(60);
    /** How long a device keeps listening for a second copy that must not come. */
    static final Duration QUIET_WINDOW = Duration.ofSeconds(5);

    static final String SEED_QR_CODE = SeedScans.SEED_SAMPLE.field("QRCode");

    private static final AtomicInteger SCANS = new AtomicInteger();

    private PipelineTarget target;
    private PipelineClient client;
    private String runId;
    private String clientId;
    private String topic;
    private final List<String> routes = new ArrayList<>();

    /** The target of this class; called once. */
    abstract PipelineTarget target();

    @BeforeAll
    void seedRoute() {
        target = target();
        client = PipelineClient.of(target);
        runId = UUID.randomUUID().toString().substring(0, 8);
        clientId = E2eNames.ROUTE_CLIENT_ID_PREFIX + runId;
        topic = target.e2eTopic(clientId);
        route(clientId, topic);
    }

    @AfterAll
    void removeRoutes() {
        routes.forEach(target::deleteRoute);
    }

    PipelineTarget pipeline() {
        return target;
    }

    PipelineClient client() {
        return client;
    }

    String token() {
        return client.token(target.clientId(), target.clientSecret(), PipelineSettings.FULL_SCOPE);
    }

    private void route(String routedClientId, String routedTopic) {
        target.putRoute(routedClientId, routedTopic);
        routes.add(routedClientId);
    }

    @Test
    void post_whenSeedSample_deliversTheExactBytesWithTheMqtt5Properties() {
        // The seed sample with this run's ClientID (its route is the run's own): every other byte is the seed's.
        byte[] seed = SeedScans.SEED_SAMPLE.with("ClientID", clientId).bytes();
        try (Device device = target.subscribe(topic)) {
            PipelineClient.Answer answer = client.postJson(token(), seed);

            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            ReceivedMessage received = awaitOne(device, seed);
            assertThat(received.topic()).isEqualTo(topic);
            assertThat(received.payload()).isEqualTo(seed);
            assertDeliveredAsDocumented(received, answer.requestId());
        }
    }

    @Test
    void post_whenQrCodeHasUrlSpecialAndNonAsciiCharacters_deliversTheExactBytes() {
        byte[] scan = SeedScans.of(
                clientId, "e2e+=/)" + SCANS.incrementAndGet() + " Zürich-Ωμέγα-東京-✓-😀 " + UUID.randomUUID());
        try (Device device = target.subscribe(topic)) {
            PipelineClient.Answer answer = client.postJson(token(), scan);

            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            ReceivedMessage received = awaitOne(device, scan);
            assertThat(new String(received.payload(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(scan, StandardCharsets.UTF_8));
            assertDeliveredAsDocumented(received, answer.requestId());
        }
    }

    @Test
    void post_whenFiftyDistinctScansArePostedConcurrently_deliversEachExactlyOnce() throws Exception {
        List<byte[]> scans = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            scans.add(SeedScans.of(clientId, uniqueQrCode()));
        }
        String token = token();
        try (Device device = target.subscribe(topic)) {
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<Future<PipelineClient.Answer>> answers = new ArrayList<>();
                for (byte[] scan : scans) {
                    answers.add(pool.submit(() -> postRetryingThrottled(token, scan)));
                }
                for (Future<PipelineClient.Answer> answer : answers) {
                    assertThat(answer.get().status()).as("%s", answer.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }

            await().atMost(DELIVERY).until(() -> scans.stream().allMatch(scan -> count(device, scan) >= 1));
            Thread.sleep(QUIET_WINDOW.toMillis());
            for (byte[] scan : scans) {
                assertThat(count(device, scan)).as("copies of one scan").isEqualTo(1);
            }
            assertThat(device.received())
                    .allSatisfy(received -> assertThat(received.qos()).isEqualTo(1));
        }
    }

    @Test
    void post_whenTheSameScanIsPostedTwice_deliversItOnce() throws Exception {
        byte[] scan = SeedScans.of(clientId, uniqueQrCode());
        try (Device device = target.subscribe(topic)) {
            String token = token();
            assertThat(client.postJson(token, scan).status()).isEqualTo(200);
            assertThat(client.postJson(token, scan).status()).isEqualTo(200);

            awaitOne(device, scan);
            Thread.sleep(QUIET_WINDOW.toMillis());
            assertThat(count(device, scan)).as("copies within the quiet window").isEqualTo(1);
        }
    }

    @Test
    void post_whenClientIsUnknown_parksWithFailureCodeAndIsDeliveredOnceAfterRouteAndRedrive() throws Exception {
        String unknown = E2eNames.ROUTE_CLIENT_ID_PREFIX + runId + "-unknown" + SCANS.incrementAndGet();
        byte[] scan = SeedScans.of(unknown, uniqueQrCode());
        PipelineClient.Answer answer = client.postJson(token(), scan);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        String messageId = answer.messageId();

        Message parked = await().atMost(DELIVERY)
                .until(
                        () -> target.deadLetters()
                                .find(MessageAttributes.CLIENT_ID, unknown, 60)
                                .orElse(null),
                        Objects::nonNull);
        assertThat(parked.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(scan);
        Map<String, String> attributes = new java.util.HashMap<>();
        parked.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
        assertThat(attributes)
                .containsEntry(MessageAttributes.FAILURE_CODE, "UNKNOWN_CLIENT")
                .containsEntry(MessageAttributes.ORIGINAL_MESSAGE_ID, messageId)
                .containsKey(MessageAttributes.FAILURE_MESSAGE);

        String routed = target.e2eTopic(unknown);
        route(unknown, routed);
        try (Device device = target.subscribe(routed)) {
            // The router caches the unknown answer as long as a route: redrive once it has expired.
            Thread.sleep(target.routeCacheTtl().plusSeconds(1).toMillis());
            target.deadLetters().redrive(parked);

            ReceivedMessage received = awaitOne(device, scan);
            assertThat(received.topic()).isEqualTo(routed);
            Thread.sleep(QUIET_WINDOW.toMillis());
            assertThat(count(device, scan)).isEqualTo(1);
        }
        assertThat(target.deadLetters().find(MessageAttributes.CLIENT_ID, unknown, 0))
                .isEmpty();
    }

    /** QoS 1 and the MQTT 5 properties of docs/api/asyncapi.yaml (AWS IoT Core and the local broker alike). */
    void assertDeliveredAsDocumented(ReceivedMessage received, String requestId) {
        assertThat(received.qos()).isEqualTo(1);
        assertThat(requestId).as("the API's x-amzn-RequestId").isNotBlank();
        assertThat(received.contentType()).isEqualTo("application/json");
        assertThat(received.payloadFormatUtf8()).isTrue();
        assertThat(received.correlationData()).isEqualTo(requestId.getBytes(StandardCharsets.UTF_8));
        assertThat(received.userProperties()).contains(Map.entry("correlationId", requestId));
    }

    private PipelineClient.Answer postRetryingThrottled(String token, byte[] scan) throws InterruptedException {
        // A stage's API throttle (dev: 10/s, burst 20) answers 429 to a burst of 50: a client retries those.
        PipelineClient.Answer answer = client.postJson(token, scan);
        for (int attempt = 1; answer.status() == 429 && attempt < 10; attempt++) {
            Thread.sleep(200L * attempt);
            answer = client.postJson(token, scan);
        }
        return answer;
    }

    static ReceivedMessage awaitOne(Device device, byte[] body) {
        return await().atMost(DELIVERY)
                .until(
                        () -> device.received().stream()
                                .filter(message -> message.is(body))
                                .findFirst()
                                .orElse(null),
                        Objects::nonNull);
    }

    static long count(Device device, byte[] body) {
        return device.received().stream().filter(message -> message.is(body)).count();
    }

    /** A distinct scan: QR codes with the characters the seed's API mapping corrupted ({@code + = /}). */
    static String uniqueQrCode() {
        return "e2e+" + SCANS.incrementAndGet() + "="
                + UUID.randomUUID().toString().substring(0, 8) + "/x";
    }
}
