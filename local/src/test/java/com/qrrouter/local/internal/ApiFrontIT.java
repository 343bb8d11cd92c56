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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class ApiFrontIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Examples.Example SEED_SAMPLE = Examples.valid("01-seed-sample");
    private static final String SEED = SEED_SAMPLE.text();

    /** The app clients of the stage's teams, as LocalStack passes them. */
    private static final Map<String, String> TEAMS = Map.of("machine", "demo-team", "other-machine", "other-team");

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
                "local", verifier, TEAMS, new TokenBucket(1000, 1000, System::nanoTime), sqs.client(), queueUrl, 0);
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
    void post_whenValid_addsTheTokensTeamAsCallerTeamAndTheArrivalAsAcceptedAt() throws Exception {
        String otherToken = issuer.issue("other-machine", List.of(PipelineSettings.FULL_SCOPE));
        long before = System.currentTimeMillis();
        HttpResponse<String> demo = post(api.messageUri(), "Bearer " + token, "application/json", SEED);
        HttpResponse<String> other = post(
                api.messageUri(), "Bearer " + otherToken, "application/json", SEED.replace("message 1", "message 3"));
        long after = System.currentTimeMillis();

        assertThat(demo.statusCode()).as(demo.body()).isEqualTo(200);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        Map<String, Message> byBody = receiveAll();
        assertThat(byBody).hasSize(2);
        Map<String, MessageAttributeValue> demoAttributes = byBody.get(SEED).messageAttributes();
        assertThat(demoAttributes.get(MessageAttributes.CALLER_TEAM).dataType()).isEqualTo("String");
        assertThat(demoAttributes.get(MessageAttributes.CALLER_TEAM).stringValue())
                .isEqualTo("demo-team");
        assertThat(demoAttributes.get(MessageAttributes.ACCEPTED_AT).dataType()).isEqualTo("Number");
        assertThat(Long.parseLong(
                        demoAttributes.get(MessageAttributes.ACCEPTED_AT).stringValue()))
                .isBetween(before, after);
        assertThat(byBody.get(SEED.replace("message 1", "message 3"))
                        .messageAttributes()
                        .get(MessageAttributes.CALLER_TEAM)
                        .stringValue())
                .isEqualTo("other-team");
    }

    @Test
    void post_whenClientSendsHeadersOrQueryNamedLikeTheAttributes_changesNothing() throws Exception {
        URI spoofing = URI.create(api.messageUri() + "?CallerTeam=other-team&AcceptedAt=1"
                + "&MessageAttribute.1.Name=CallerTeam&MessageAttribute.1.Value.StringValue=other-team");
        long before = System.currentTimeMillis();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(spoofing)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("CallerTeam", "other-team")
                        .header("AcceptedAt", "1")
                        .header("X-Amz-CallerTeam", "other-team")
                        .header("MessageAttribute.1.Name", "CallerTeam")
                        .POST(HttpRequest.BodyPublishers.ofString(SEED.replace("message 1", "message 4")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // Only the contract's fields are allowed in the body: a field named like an attribute is refused, not queued.
        HttpResponse<String> inBody = post(
                api.messageUri(),
                "Bearer " + token,
                "application/json",
                SEED.replace("{\"ClientID\"", "{\"CallerTeam\":\"other-team\",\"AcceptedAt\":1,\"ClientID\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(inBody.statusCode()).as(inBody.body()).isEqualTo(400);
        Map<String, Message> byBody = receiveAll();
        assertThat(byBody).containsOnlyKeys(SEED.replace("message 1", "message 4"));
        Map<String, MessageAttributeValue> attributes =
                byBody.values().iterator().next().messageAttributes();
        assertThat(attributes)
                .containsOnlyKeys(
                        MessageAttributes.CORRELATION_ID,
                        MessageAttributes.CLIENT_ID,
                        MessageAttributes.CALLER_TEAM,
                        MessageAttributes.ACCEPTED_AT);
        assertThat(attributes.get(MessageAttributes.CALLER_TEAM).stringValue()).isEqualTo("demo-team");
        assertThat(Long.parseLong(attributes.get(MessageAttributes.ACCEPTED_AT).stringValue()))
                .isGreaterThanOrEqualTo(before);
    }

    @Test
    void post_whenTokenIsOfAClientOfNoTeam_answers401WithoutQueueing() throws Exception {
        String stranger = issuer.issue("no-team-machine", List.of(PipelineSettings.FULL_SCOPE));

        HttpResponse<String> response = post(api.messageUri(), "Bearer " + stranger, "application/json", SEED);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isEqualTo("Unauthorized");
        assertThat(sqs.receive(queueUrl)).isEmpty();
    }

    @Test
    void request_whenALog4jLookupIsInBodyHeaderQueryOrPath_answers403LikeWafWithoutQueueing() throws Exception {
        String lookup = "${${lower:j}ndi:ldap://127.0.0.1:1/a}";
        String encoded = java.net.URLEncoder.encode(lookup, StandardCharsets.UTF_8);
        List<HttpRequest> requests = List.of(
                request(api.messageUri(), SEED_SAMPLE.with("QRCode", lookup).text())
                        .build(),
                request(api.messageUri(), SEED.replace("message 1", "message 5"))
                        .header("X-Api-Version", "${jndi:ldap://127.0.0.1:1/a}")
                        .build(),
                request(api.messageUri(), SEED.replace("message 1", "message 6"))
                        .header("User-Agent", "${${::-j}${::-n}${::-d}${::-i}:rmi://127.0.0.1:1/a}")
                        .build(),
                request(URI.create(api.messageUri() + "?q=" + encoded), SEED.replace("message 1", "message 7"))
                        .build(),
                request(URI.create(api.messageUri() + "/" + encoded), SEED.replace("message 1", "message 8"))
                        .build(),
                // WAF comes before the authorizer: no token, still the WAF's answer.
                HttpRequest.newBuilder(api.messageUri())
                        .header("X-Trace", "$%7Bjndi:dns://127.0.0.1/a%7D")
                        .POST(HttpRequest.BodyPublishers.ofString(SEED))
                        .build());

        for (HttpRequest request : requests) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode())
                    .as(request + " " + response.body())
                    .isEqualTo(403);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("message").asText()).isEqualTo("Forbidden by the web application firewall");
            assertThat(answer.path("requestId").asText())
                    .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
        }
        assertThat(sqs.receive(queueUrl)).isEmpty();
    }

    @Test
    void request_whenMethodIsPropfind_answers403LikeWaf() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(api.messageUri())
                        .header("Authorization", "Bearer " + token)
                        .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("message").asText())
                .isEqualTo("Forbidden by the web application firewall");
    }

    @Test
    void post_whenQrCodeHasMarkupTraversalOrAnIpUrl_queuesItAsAwsNowDoes() throws Exception {
        // The common rule set's body rules (XSS, LFI, RFI, SSRF) only count on AWS: a QR code may carry such text.
        List<String> qrCodes = List.of("<b>../x</b>", "http://169.254.169.254/latest/meta-data/", "../../etc/passwd");
        for (String qrCode : qrCodes) {
            HttpResponse<String> response = post(
                    api.messageUri(),
                    "Bearer " + token,
                    "application/json",
                    SEED_SAMPLE.with("QRCode", qrCode).text());

            assertThat(response.statusCode()).as(qrCode + " " + response.body()).isEqualTo(200);
        }
        assertThat(receiveAll()).hasSize(qrCodes.size());
    }

    private static HttpRequest.Builder request(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** Every message in the queue by body, each deleted. */
    private static Map<String, Message> receiveAll() {
        Map<String, Message> byBody = new java.util.HashMap<>();
        for (List<Message> batch = sqs.receive(queueUrl); !batch.isEmpty(); batch = sqs.receive(queueUrl)) {
            for (Message message : batch) {
                byBody.put(message.body(), message);
                sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return byBody;
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
        try (ApiFront front = ApiFront.start("local", verifier, TEAMS, bucket, refusing, queueUrl, 0)) {
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
        try (ApiFront throttled = ApiFront.start(
                "local", verifier, TEAMS, new TokenBucket(1, 2, frozen::get), sqs.client(), queueUrl, 0)) {
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
        try (ApiFront noQueue = ApiFront.start("local", verifier, TEAMS, bucket, sqs.client(), missingQueue, 0);
                ApiFront noSqs = ApiFront.start("local", verifier, TEAMS, bucket, unreachable, queueUrl, 0)) {
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
