package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.qrrouter.local.LocalStack;
import com.qrrouter.local.MachineClient;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline, as a client and a device see it: the local stack (token endpoint, API front, ElasticMQ, the
 * deployable router jar behind the SQS event source, DynamoDB Local, IoT data-plane endpoint, MQTT broker) is started
 * once; every test goes in through HTTP and out through MQTT or the DLQ. The HTTP answers that a deployed stage gives
 * alike are in {@link ApiContractTests}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {

    private static final Duration ROUTE_CACHE_TTL = LocalStage.ROUTE_CACHE_TTL;
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final AtomicInteger SCANS = new AtomicInteger();

    private LocalStack stack;
    private PipelineClient client;
    private MachineClient credentials;

    @BeforeAll
    void startStack() {
        stack = LocalStage.shared().stack();
        client = new PipelineClient(stack.tokenUri(), stack.messageUri());
        credentials = stack.machineClient();
    }

    @Test
    void post_whenSeedSampleWithToken_deliversTheExactBytesToTheRoutedTopic() throws Exception {
        byte[] seed = LocalStack.SEED_SAMPLE.getBytes(StandardCharsets.UTF_8);
        String topic = stack.topicPrefix() + "MyTopic";
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            PipelineClient.Answer answer = client.postJson(token(), seed);

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode result = answer.json().path("SendMessageResponse").path("SendMessageResult");
            assertThat(result.path("MessageId").asText()).isNotBlank();
            assertThat(result.path("MD5OfMessageBody").asText()).isEqualTo(md5(seed));
            // Other tests' scans of DemoClient may still be on their way to the same topic: pick the seed's.
            MqttSubscriber.Received received = await().atMost(DELIVERY)
                    .until(
                            () -> device.received().stream()
                                    .filter(message -> message.payload().length == seed.length
                                            && new String(message.payload(), StandardCharsets.UTF_8)
                                                    .contains("\"TEST\":\"demo message 26-09 - message 1\""))
                                    .findFirst()
                                    .orElse(null),
                            java.util.Objects::nonNull);
            assertThat(received.topic()).isEqualTo(topic);
            assertThat(received.payload()).isEqualTo(seed);
            assertThat(new String(received.payload(), StandardCharsets.UTF_8)).contains("vwWT)Np=+6-vGzTiopED");
            assertThat(received.qos()).isEqualTo(1);
            String messageId = result.path("MessageId").asText();
            await().atMost(DELIVERY)
                    .until(() -> Files.readString(LocalStage.ROUTER_LOG).contains("messageId=" + messageId));
            assertThat(Files.readString(LocalStage.ROUTER_LOG))
                    .as("the router's logs never hold a QR code in clear")
                    .doesNotContain("vwWT)Np=+6-vGzTiopED");
        }
    }

    @Test
    void post_whenTheSameScanIsPostedTwice_deliversItOnce() throws Exception {
        byte[] scan = scan(LocalStack.SEED_CLIENT_ID, uniqueQrCode());
        String topic = stack.topicPrefix() + "MyTopic";
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            String token = token();
            assertThat(client.postJson(token, scan).status()).isEqualTo(200);
            assertThat(client.postJson(token, scan).status()).isEqualTo(200);

            await().atMost(DELIVERY).until(() -> !device.received().isEmpty());
            await().atMost(DELIVERY).until(this::mainQueueIsDrained);
            Thread.sleep(500);
            assertThat(device.received())
                    .filteredOn(received -> java.util.Arrays.equals(received.payload(), scan))
                    .hasSize(1);
            assertThat(stack.iotData().publishes())
                    .filteredOn(publish -> java.util.Arrays.equals(publish.payload(), scan))
                    .hasSize(1);
        }
    }

    @Test
    void post_whenTokenLacksTheScope_answers401() {
        String token = stack.signAccessToken(credentials.clientId(), List.of("qr-router/other"), Instant.now());

        PipelineClient.Answer answer = client.postJson(token, scan(LocalStack.SEED_CLIENT_ID, uniqueQrCode()));

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void post_whenTokenExpired_answers401WithTheExpiryMessage() {
        String token = stack.signAccessToken(
                credentials.clientId(),
                List.of(PipelineSettings.FULL_SCOPE),
                Instant.now().minus(Duration.ofHours(2)));

        PipelineClient.Answer answer = client.postJson(token, scan(LocalStack.SEED_CLIENT_ID, uniqueQrCode()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("message").asText()).isEqualTo("The incoming token has expired");
    }

    @Test
    void post_whenMessageIsInvalid_answers400WithCodesAndPointersButNotTheQrCode() {
        String qrCode = "secret-" + "Q".repeat(5000);
        byte[] body = ("{\"ClientID\":\"Demo Client\",\"QRCode\":\"" + qrCode + "\",\"Time\":\"20231301T231010\"}")
                .getBytes(StandardCharsets.UTF_8);

        PipelineClient.Answer answer = client.postJson(token(), body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).isEqualTo("Invalid request body");
        assertThat(answer.json().path("requestId").asText()).isNotBlank();
        List<String> codes = answer.json().path("errors").findValuesAsText("code");
        List<String> pointers = answer.json().path("errors").findValuesAsText("pointer");
        assertThat(codes).contains("PATTERN", "MAX_LENGTH", "REQUIRED");
        assertThat(pointers).contains("/ClientID", "/QRCode");
        assertThat(answer.body()).doesNotContain("secret-QQQ");
    }

    @Test
    void post_whenClientIsUnknown_parksInTheDeadLetterQueueAndIsDeliveredAfterRouteAndRedrive() throws Exception {
        String clientId =
                "Kiosk" + SCANS.incrementAndGet() + UUID.randomUUID().toString().substring(0, 6);
        byte[] scan = scan(clientId, uniqueQrCode());
        PipelineClient.Answer answer = client.postJson(token(), scan);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String messageId = answer.json()
                .path("SendMessageResponse")
                .path("SendMessageResult")
                .path("MessageId")
                .asText();

        Message parked = await().atMost(DELIVERY).until(() -> parkedMessageOf(clientId), java.util.Objects::nonNull);
        assertThat(parked.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(scan);
        assertThat(parked.messageAttributes()
                        .get(MessageAttributes.FAILURE_CODE)
                        .stringValue())
                .isEqualTo("UNKNOWN_CLIENT");
        assertThat(parked.messageAttributes()
                        .get(MessageAttributes.FAILURE_MESSAGE)
                        .stringValue())
                .isNotBlank();
        assertThat(parked.messageAttributes()
                        .get(MessageAttributes.ORIGINAL_MESSAGE_ID)
                        .stringValue())
                .isEqualTo(messageId);

        String topic = stack.topicPrefix() + clientId;
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), topic)) {
            stack.dynamoDb().putRoute(stack.routesTable(), clientId, topic);
            Thread.sleep(ROUTE_CACHE_TTL.plusMillis(500));
            stack.sqs()
                    .client()
                    .startMessageMoveTask(b -> b.sourceArn(stack.queues().deadLetterQueueArn())
                            .destinationArn(stack.queues().queueArn()));

            await().atMost(DELIVERY).until(() -> !device.received().isEmpty());
            assertThat(device.received().get(0).payload()).isEqualTo(scan);
        }
    }

    private Message parkedMessageOf(String clientId) {
        List<Message> messages = stack.sqs()
                .client()
                .receiveMessage(b -> b.queueUrl(stack.queues().deadLetterQueueUrl())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .visibilityTimeout(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
        return messages.stream()
                .filter(message -> message.messageAttributes().containsKey(MessageAttributes.CLIENT_ID)
                        && clientId.equals(message.messageAttributes()
                                .get(MessageAttributes.CLIENT_ID)
                                .stringValue()))
                .findFirst()
                .orElse(null);
    }

    private boolean mainQueueIsDrained() {
        Map<QueueAttributeName, String> attributes = stack.sqs()
                .client()
                .getQueueAttributes(b -> b.queueUrl(stack.queues().queueUrl())
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private String token() {
        return client.token(credentials.clientId(), credentials.clientSecret(), PipelineSettings.FULL_SCOPE);
    }

    /** A distinct scan: QR codes with the characters the seed's API mapping corrupted ({@code + = /}). */
    private static String uniqueQrCode() {
        return "e2e+" + SCANS.incrementAndGet() + "="
                + UUID.randomUUID().toString().substring(0, 8) + "/x";
    }

    private static byte[] scan(String clientId, String qrCode) {
        return ("{\"ClientID\":\"" + clientId + "\",\"QRCode\":\"" + qrCode + "\",\"Time\":\"20231201T231010\","
                        + "\"STATE\":\"ACTIVE\",\"LOCATION\":\"LT100LN200\",\"TEST\":\"e2e\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String md5(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
