package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.FreePort;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import com.qrrouter.schema.Examples;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class ApiFrontIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Examples.Example SEED_SAMPLE = Examples.valid("01-seed-sample");
    private static final String SEED = SEED_SAMPLE.text();

    private static LocalSqs sqs;
    private static String queueUrl;
    private static TokenIssuer issuer;
    private static AccessTokenVerifier verifier;
    private static ApiFront api;
    private static String token;

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start();
        queueUrl = sqs.createQueue("api-front-it");
        issuer = TokenIssuer.create("http://127.0.0.1:2", Duration.ofHours(1), Clock.systemUTC());
        verifier = new AccessTokenVerifier(
                issuer.publicKeys(), issuer.issuer(), PipelineSettings.FULL_SCOPE, Clock.systemUTC());
        api = ApiFront.start(
                "local", verifier, new TokenBucket(1000, 1000, System::nanoTime), sqs.client(), queueUrl, 0);
        token = issuer.issue("machine", List.of(PipelineSettings.FULL_SCOPE));
    }

    @AfterAll
    static void stop() {
        api.close();
        sqs.close();
    }

    @Test
    void post_whenValid_sendsTheBodyUnchangedWithCorrelationAndClientAttributes() throws Exception {
        HttpResponse<String> response =
                post(api.messageUri(), "Bearer " + token, "application/json; charset=utf-8", SEED);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body()).path("SendMessageResponse");
        assertThat(result.path("SendMessageResult").path("MD5OfMessageBody").asText())
                .isEqualTo("01cb366376a1bbe1b9ead01e7fa5764a");
        assertThat(result.has("ResponseMetadata")).isTrue();
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        List<Message> messages = sqs.receive(queueUrl);
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        assertThat(message.messageId())
                .isEqualTo(result.path("SendMessageResult").path("MessageId").asText());
        assertThat(message.body()).isEqualTo(SEED);
        assertThat(message.messageAttributes()
                        .get(MessageAttributes.CORRELATION_ID)
                        .stringValue())
                .isEqualTo(requestId);
        assertThat(message.messageAttributes().get(MessageAttributes.CLIENT_ID).stringValue())
                .isEqualTo("DemoClient");
        sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    @Test
    void post_whenNoContentType_treatsTheBodyAsJson() throws Exception {
        HttpResponse<String> response = post(api.messageUri(), token, null, SEED.replace("message 1", "message 2"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        sqs.receive(queueUrl)
                .forEach(message ->
                        sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
    }

    @Test
    void post_whenInvalid_answers400WithoutQueueing() throws Exception {
        HttpResponse<String> response =
                post(api.messageUri(), "Bearer " + token, "application/json", "{\"ClientID\":\"Demo\",\"QRCode\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").findValuesAsText("code")).contains("TYPE", "REQUIRED");
        assertThat(body.path("requestId").asText())
                .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(sqs.receive(queueUrl)).isEmpty();
    }

    @Test
    void post_whenOnlyTheFullContractRefusesTheBody_queuesItAsApiGatewayDoes() throws Exception {
        // 30 February and a duplicate ClientID: API Gateway's draft-04 model cannot see either; the router parks it.
        String body = SEED_SAMPLE
                .with("Time", "20230230T000000")
                .text()
                .replace("{\"ClientID\":\"DemoClient\"", "{\"ClientID\":\"Other\",\"ClientID\":\"DemoClient\"");

        HttpResponse<String> response = post(api.messageUri(), "Bearer " + token, "application/json", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Message> messages = sqs.receive(queueUrl);
        assertThat(messages).extracting(Message::body).containsExactly(body);
        assertThat(messages.get(0)
                        .messageAttributes()
                        .get(MessageAttributes.CLIENT_ID)
                        .stringValue())
                .as("$input.path('$.ClientID') reads the last of the duplicates")
                .isEqualTo("DemoClient");
        sqs.client()
                .deleteMessage(
                        b -> b.queueUrl(queueUrl).receiptHandle(messages.get(0).receiptHandle()));
    }

    @Test
    void post_whenQrCodeHasALoneSurrogateEscapeOrANoncharacter_answers400WithoutQueueing() throws Exception {
        for (String qrCode : List.of("A\\ud800", "A\\udfff", "A\uFFFE", "A\\uffff")) {
            HttpResponse<String> response = post(
                    api.messageUri(),
                    "Bearer " + token,
                    "application/json",
                    SEED_SAMPLE.withJson("QRCode", "\"" + qrCode + "\"").text());

            assertThat(response.statusCode()).as(qrCode).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("code"))
                    .containsExactly("INVALID_CHARACTER");
        }
        assertThat(sqs.receive(queueUrl)).isEmpty();
    }

    @Test
    void post_whenSqsRefusesTheMessageCharacters_answers400WithAReasonNot500() throws Exception {
        // SQS's answer to a body with U+FFFE (SendMessage API reference), as if the model had let it through.
        // ElasticMQ answers such a body with InvalidAttributeValue, so the stand-in cannot produce this by itself.
        SqsClient refusing = (SqsClient) java.lang.reflect.Proxy.newProxyInstance(
                SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        throw software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException.builder()
                                .statusCode(400)
                                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                        .errorCode("InvalidMessageContents")
                                        .errorMessage("Invalid binary character '#xFFFE' was found in the message body")
                                        .build())
                                .build();
                    }
                    return method.invoke(sqs.client(), args);
                });
        TokenBucket bucket = new TokenBucket(100, 100, System::nanoTime);
        try (ApiFront front = ApiFront.start("local", verifier, bucket, refusing, queueUrl, 0)) {
            HttpResponse<String> response = post(front.messageUri(), token, "application/json", SEED);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("message").asText())
                    .startsWith("Invalid request body")
                    .contains("SQS refused the characters")
                    .doesNotContain("vwWT");
            assertThat(answer.path("requestId").asText()).isNotBlank();
        }
        assertThat(sqs.receive(queueUrl)).isEmpty();
    }

    @Test
    void post_whenBodyIsTooLargeWithoutContentLength_answers413() throws Exception {
        byte[] big = new byte[64 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        HttpRequest request = HttpRequest.newBuilder(api.messageUri())
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                // A stream body goes chunked: the bound must hold without a Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void request_whenPathOrMethodIsUnknown_answers403MissingAuthenticationToken() throws Exception {
        URI other = URI.create("http://127.0.0.1:" + api.port() + "/prod/postmessagetosqs");
        HttpResponse<String> wrongStage = post(other, token, "application/json", SEED);
        HttpResponse<String> get =
                HTTP.send(HttpRequest.newBuilder(api.messageUri()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(wrongStage.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(wrongStage.body()).path("message").asText()).isEqualTo("Missing Authentication Token");
        assertThat(get.statusCode()).isEqualTo(403);
    }

    @Test
    void post_whenBucketIsEmpty_answers429() throws Exception {
        AtomicLong frozen = new AtomicLong();
        try (ApiFront throttled =
                ApiFront.start("local", verifier, new TokenBucket(1, 2, frozen::get), sqs.client(), queueUrl, 0)) {
            String invalid = "{}";
            int first = post(throttled.messageUri(), token, "application/json", invalid)
                    .statusCode();
            int second = post(throttled.messageUri(), token, "application/json", invalid)
                    .statusCode();
            HttpResponse<String> third = post(throttled.messageUri(), token, "application/json", invalid);

            assertThat(first).isEqualTo(400);
            assertThat(second).isEqualTo(400);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(third.body()).path("message").asText()).isEqualTo("Too Many Requests");
            frozen.addAndGet(1_000_000_000L);
            assertThat(post(throttled.messageUri(), token, "application/json", invalid)
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void post_whenQueueIsMissingOrSqsIsDown_answers500Or503WithoutTheBody() throws Exception {
        String missingQueue = sqs.endpoint() + "/" + LocalAws.ACCOUNT_ID + "/no-such-queue";
        SqsClient unreachable = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + FreePort.find()))
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
                .build();
        TokenBucket bucket = new TokenBucket(100, 100, System::nanoTime);
        try (ApiFront noQueue = ApiFront.start("local", verifier, bucket, sqs.client(), missingQueue, 0);
                ApiFront noSqs = ApiFront.start("local", verifier, bucket, unreachable, queueUrl, 0)) {
            HttpResponse<String> refused = post(noQueue.messageUri(), token, "application/json", SEED);
            HttpResponse<String> down = post(noSqs.messageUri(), token, "application/json", SEED);

            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .isEqualTo("The message could not be queued");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("retry with backoff").doesNotContain("vwWT");
        } finally {
            unreachable.close();
        }
    }

    private static HttpResponse<String> post(URI uri, String authorization, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
