package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.LocalStack;
import com.qrrouter.local.MachineClient;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile/corpus.json}) against the local stack, as issues #8 and
 * #15 ask: every case is posted to the API front, which must answer what a deployed stage answers (the case's
 * {@code aws} status: WAF and API Gateway), and every body SQS can carry is also sent straight to the main queue, as if
 * the API had let it through. For each case: a 4xx with a reason (never a 5xx), or the DLQ with the expected
 * {@code FailureCode}, or, for a WAF-sensitive but valid scan, MQTT exactly once; nothing else of the corpus reaches
 * MQTT (0 lost, 0 duplicates); afterwards a fresh seed scan is still delivered.
 */
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PARKING = Duration.ofSeconds(60);
    private static final String SQS_REFUSES = "SQS_REFUSES";
    private static final String DELIVERED = "DELIVERED";
    private static final Pattern TOKEN = Pattern.compile(
            "@@(repeat:(\\d+):([^@]*)|nest:(\\d+)|nestobj:(\\d+)" + "|props:(\\d+)|byte:([0-9A-Fa-f]{2})|utf16le)@@");

    /** One case of the corpus file. */
    record Case(
            String name,
            byte[] body,
            int aws,
            String router,
            String contentType,
            String auth,
            String method,
            String pathAndQuery,
            Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Where a body ended: its SQS message id (to find it in the DLQ) and what was expected there. */
    private record Sent(Case hostile, String path, String messageId) {}

    @Test
    void corpus_whenPostedAndQueued_isRefusedWith4xxOrParkedWithItsCodeAndNeverDelivered() throws Exception {
        LocalStack stack = LocalStage.shared().stack();
        List<Case> corpus = load();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> parkedByCode = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int sqsRefused = 0;
        int fiveHundreds = 0; // and answers that never came

        try (MqttSubscriber everything = MqttSubscriber.subscribe(stack.mqttPort(), stack.topicPrefix() + "#")) {
            // (a) the API front
            Auth auth = new Auth(stack);
            List<Sent> accepted = new ArrayList<>();
            List<Case> delivering = new ArrayList<>();
            for (Case hostile : corpus) {
                Answer answer = post(stack.messageUri(), hostile, auth.header(hostile.auth()));
                statuses.merge(Integer.toString(answer.status()), 1, Integer::sum);
                if (answer.status() >= 500 || answer.status() == 0) {
                    fiveHundreds++;
                }
                if (answer.status() != hostile.aws()) {
                    failures.add(hostile + ": API answered " + answer.status() + ", AWS answers " + hostile.aws() + " "
                            + abbreviate(answer.body()));
                } else if (answer.status() == 200 && DELIVERED.equals(hostile.router())) {
                    delivering.add(hostile);
                } else if (answer.status() == 200) {
                    accepted.add(new Sent(
                            hostile,
                            "api",
                            JSON.readTree(answer.body())
                                    .at("/SendMessageResponse/SendMessageResult/MessageId")
                                    .asText()));
                } else if (!hasReason(answer.body())) {
                    failures.add(
                            hostile + ": " + answer.status() + " without a JSON message: " + abbreviate(answer.body()));
                }
                // The stage allows 50 requests/s (burst 100): stay under it, throttling is not what is tested here.
                Thread.sleep(25);
            }
            awaitParked(stack, accepted, parkedByCode, failures);

            // (b) straight into the main queue, as if the API had let every body through
            List<Sent> queued = new ArrayList<>();
            for (Case hostile : corpus) {
                if (hostile.router() == null || hostile.router().equals(DELIVERED)) {
                    continue; // a valid scan sent again would only be a duplicate within the idempotency window
                }
                Optional<String> text = utf8(hostile.body());
                if (text.isEmpty()) {
                    failures.add(hostile + ": not UTF-8, so no SQS message can carry it; set router to null");
                    continue;
                }
                try {
                    String messageId = stack.sqs()
                            .client()
                            .sendMessage(b -> b.queueUrl(stack.queues().queueUrl())
                                    .messageBody(text.get())
                                    // The attributes the API would add: the demo team's, accepted now.
                                    .messageAttributes(Map.of(
                                            MessageAttributes.CORRELATION_ID,
                                            MessageAttributeValue.builder()
                                                    .dataType("String")
                                                    .stringValue("hostile-" + UUID.randomUUID())
                                                    .build(),
                                            MessageAttributes.CALLER_TEAM,
                                            MessageAttributeValue.builder()
                                                    .dataType("String")
                                                    .stringValue(LocalStack.DEMO_TEAM)
                                                    .build(),
                                            MessageAttributes.ACCEPTED_AT,
                                            MessageAttributeValue.builder()
                                                    .dataType("Number")
                                                    .stringValue(Long.toString(System.currentTimeMillis()))
                                                    .build())))
                            .messageId();
                    if (hostile.router().equals(SQS_REFUSES)) {
                        failures.add(hostile + ": SQS accepted the body, expected it to refuse it");
                    }
                    queued.add(new Sent(hostile, "queue", messageId));
                } catch (SqsException e) {
                    sqsRefused++;
                    if (!hostile.router().equals(SQS_REFUSES) || e.statusCode() < 400 || e.statusCode() >= 500) {
                        failures.add(hostile + ": SQS refused the body with " + e.statusCode() + " "
                                + (e.awsErrorDetails() == null
                                        ? ""
                                        : e.awsErrorDetails().errorCode()));
                    }
                }
            }
            awaitParked(stack, queued, parkedByCode, failures);

            // The stack is healthy afterwards: a fresh seed scan is delivered.
            byte[] seed = SeedScans.SEED_SAMPLE
                    .with("QRCode", "after-hostile-" + UUID.randomUUID())
                    .bytes();
            Answer seedAnswer = post(
                    stack.messageUri(),
                    new Case("seed", seed, 200, DELIVERED, "application/json", "valid", "POST", "", Map.of()),
                    auth.header("valid"));
            assertThat(seedAnswer.status()).as(seedAnswer.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> everything.received().stream().anyMatch(m -> Arrays.equals(m.payload(), seed)));

            // Each valid scan of the corpus exactly once; nothing else of the corpus.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> delivering.stream()
                            .allMatch(c -> everything.received().stream()
                                    .anyMatch(m -> Arrays.equals(m.payload(), c.body()))));
            List<String> delivered = everything.received().stream()
                    .filter(m -> corpus.stream()
                            .filter(c -> !delivering.contains(c))
                            .anyMatch(c -> Arrays.equals(c.body(), m.payload())))
                    .map(m -> m.topic())
                    .toList();
            int lost = 0;
            int duplicates = 0;
            for (Case valid : delivering) {
                long copies = everything.received().stream()
                        .filter(m -> Arrays.equals(m.payload(), valid.body()))
                        .count();
                lost += copies == 0 ? 1 : 0;
                duplicates += (int) Math.max(0, copies - 1);
            }
            int parked =
                    parkedByCode.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf(
                    "Hostile corpus: %d cases; API answers by status %s; parked by FailureCode %s (%d: %d accepted by"
                            + " the API, %d sent to the queue); SQS refused %d bodies; 5xx=%d; MQTT=%d;"
                            + " valid scans %d: lost=%d duplicates=%d%n",
                    corpus.size(),
                    statuses,
                    parkedByCode,
                    parked,
                    accepted.size(),
                    queued.size(),
                    sqsRefused,
                    fiveHundreds,
                    delivered.size(),
                    delivering.size(),
                    lost,
                    duplicates);

            assertThat(failures).as("cases that did not end as expected").isEmpty();
            assertThat(fiveHundreds).as("5xx answers to client input").isZero();
            assertThat(delivered).as("corpus bodies delivered over MQTT").isEmpty();
            assertThat(delivering).as("WAF-sensitive valid scans accepted").isNotEmpty();
            assertThat(lost).as("valid scans lost").isZero();
            assertThat(duplicates).as("valid scans delivered twice").isZero();
        }
    }

    /** Waits until every sent body is in the DLQ, checks its FailureCode, and deletes exactly those messages. */
    private static void awaitParked(
            LocalStack stack, List<Sent> sent, Map<String, Integer> parkedByCode, List<String> failures) {
        Map<String, Sent> waiting = new HashMap<>();
        sent.forEach(s -> waiting.put(s.messageId(), s));
        Instant deadline = Instant.now().plus(PARKING);
        while (!waiting.isEmpty() && Instant.now().isBefore(deadline)) {
            List<Message> messages = stack.sqs()
                    .client()
                    .receiveMessage(b -> b.queueUrl(stack.queues().deadLetterQueueUrl())
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(0)
                            .messageAttributeNames("All"))
                    .messages();
            for (Message message : messages) {
                MessageAttributeValue original = message.messageAttributes().get(MessageAttributes.ORIGINAL_MESSAGE_ID);
                Sent mine = original == null ? null : waiting.remove(original.stringValue());
                if (mine == null) {
                    continue; // another test's message: left alone
                }
                MessageAttributeValue code = message.messageAttributes().get(MessageAttributes.FAILURE_CODE);
                String failureCode = code == null ? "(none)" : code.stringValue();
                parkedByCode.merge(failureCode, 1, Integer::sum);
                if (!failureCode.equals(mine.hostile().router())) {
                    failures.add(mine.hostile() + " via " + mine.path() + ": parked with " + failureCode + ", expected "
                            + mine.hostile().router());
                }
                stack.sqs()
                        .client()
                        .deleteMessage(b ->
                                b.queueUrl(stack.queues().deadLetterQueueUrl()).receiptHandle(message.receiptHandle()));
            }
        }
        waiting.values()
                .forEach(s -> failures.add(s.hostile() + " via " + s.path() + ": not in the DLQ within " + PARKING));
    }

    private static List<Case> load() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = HostileInputIT.class.getResourceAsStream("/hostile/corpus.json")) {
            for (JsonNode node : JSON.readTree(in).path("cases")) {
                Matcher any =
                        Pattern.compile("@@[^@]*@@").matcher(node.path("body").asText());
                while (any.find()) {
                    if (!TOKEN.matcher(any.group()).matches()) {
                        // A typo would be sent literally: fail instead.
                        throw new IllegalStateException(
                                "unknown token in case " + node.path("name") + ": " + any.group());
                    }
                }
                if (!node.path("aws").isInt() || node.path("why").asText().isBlank()) {
                    throw new IllegalStateException(
                            "case " + node.path("name") + " must state what AWS answers: \"aws\" (status), \"why\"");
                }
                Map<String, String> headers = new TreeMap<>();
                node.path("headers")
                        .properties()
                        .forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
                String query = node.path("query").asText("");
                out.add(new Case(
                        node.path("name").asText(),
                        expand(node.path("body").asText()),
                        node.path("aws").asInt(),
                        node.path("router").isNull()
                                ? null
                                : node.path("router").asText(),
                        node.has("contentType") ? node.path("contentType").textValue() : "application/json",
                        node.path("auth").asText("valid"),
                        node.path("method").asText("POST"),
                        node.path("pathSuffix").asText("") + (query.isEmpty() ? "" : "?" + query),
                        headers));
            }
        }
        return out;
    }

    /** The body's bytes: text as UTF-8, with the corpus file's tokens expanded. */
    static byte[] expand(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher token = TOKEN.matcher(template);
        int at = 0;
        boolean utf16 = false;
        while (token.find()) {
            write(out, template.substring(at, token.start()), utf16);
            if (token.group(2) != null) {
                write(out, token.group(3).repeat(Integer.parseInt(token.group(2))), utf16);
            } else if (token.group(4) != null) {
                int depth = Integer.parseInt(token.group(4));
                write(out, "[".repeat(depth) + "]".repeat(depth), utf16);
            } else if (token.group(5) != null) {
                int depth = Integer.parseInt(token.group(5));
                write(out, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), utf16);
            } else if (token.group(6) != null) {
                StringBuilder props = new StringBuilder();
                for (int i = 0; i < Integer.parseInt(token.group(6)); i++) {
                    props.append("\"p").append(i).append("\":1,");
                }
                write(out, props.toString(), utf16);
            } else if (token.group(7) != null) {
                out.write(Integer.parseInt(token.group(7), 16));
            } else {
                utf16 = true;
            }
            at = token.end();
        }
        write(out, template.substring(at), utf16);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text, boolean utf16) {
        out.writeBytes(text.getBytes(utf16 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8));
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean hasReason(String body) {
        try {
            return !JSON.readTree(body).path("message").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** One HTTP answer. */
    private record Answer(int status, String body) {}

    /**
     * A POST written byte for byte on a socket: any header value (non-ASCII, empty, huge) and any body, which
     * {@code java.net.http} would refuse or normalise.
     */
    private static Answer post(URI uri, Case request, String authorization) throws IOException, InterruptedException {
        String contentType = request.contentType();
        byte[] body = request.body();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((request.method() + " " + uri.getRawPath() + request.pathAndQuery() + " HTTP/1.1\r\nHost: "
                            + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\nContent-Length: "
                            + body.length + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.headers()
                    .forEach((name, value) ->
                            head.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
            if (authorization != null) {
                head.writeBytes(("Authorization: " + authorization + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (contentType != null) {
                head.writeBytes(("Content-Type: " + contentType + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            // The server may answer (413) and close before reading the whole body: write the body beside reading.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // the answer is read below
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                if (answer.size() == 0) {
                    throw e;
                }
            }
            writer.join();
            byte[] raw = answer.toByteArray();
            if (raw.length < 12) {
                return new Answer(0, "(the connection closed without an HTTP answer)");
            }
            String response = new String(raw, StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, split).toLowerCase(java.util.Locale.ROOT);
            String payload = response.substring(split + 4);
            if (headers.contains("transfer-encoding: chunked")) {
                payload = dechunk(payload);
            }
            return new Answer(status, payload);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            // Sizes count bytes; the answers are ASCII JSON, so bytes and chars agree.
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** The {@code Authorization} header of each variant of the corpus. */
    private static final class Auth {
        private final Map<String, String> headers = new HashMap<>();

        Auth(LocalStack stack) throws Exception {
            MachineClient credentials = stack.machineClient();
            PipelineClient client = new PipelineClient(stack.tokenUri(), stack.messageUri());
            String token =
                    client.token(credentials.clientId(), credentials.clientSecret(), PipelineSettings.FULL_SCOPE);
            String[] parts = token.split("\\.");
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            headers.put("valid", "Bearer " + token);
            headers.put("none", null);
            headers.put("empty", "");
            headers.put("bearer-alone", "Bearer");
            headers.put("bearer-space", "Bearer ");
            headers.put("two-tokens", "Bearer " + token + " Bearer " + token);
            headers.put(
                    "alg-none",
                    "Bearer "
                            + b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                            + "." + parts[1] + ".");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(generator.generateKeyPair().getPrivate());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            headers.put("other-key", "Bearer " + parts[0] + "." + parts[1] + "." + b64.encodeToString(rs256.sign()));
            headers.put("non-ascii", "Bearer tökén-😀-" + parts[2]);
            headers.put("garbage", "Bearer !!!.@@@.###");
            headers.put(
                    "no-scope",
                    "Bearer "
                            + stack.signAccessToken(credentials.clientId(), List.of("qr-router/other"), Instant.now()));
            headers.put(
                    "expired",
                    "Bearer "
                            + stack.signAccessToken(
                                    credentials.clientId(),
                                    List.of(PipelineSettings.FULL_SCOPE),
                                    Instant.now().minus(Duration.ofHours(2))));
            headers.put(
                    "basic",
                    "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8)));
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace(
                            PipelineSettings.FULL_SCOPE,
                            PipelineSettings.FULL_SCOPE + " aws.cognito.signin.user.admin");
            headers.put(
                    "tampered-payload",
                    "Bearer " + parts[0] + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                            + parts[2]);
            headers.put("huge", "Bearer " + "a".repeat(7000));
        }

        String header(String variant) {
            if (!headers.containsKey(variant)) {
                throw new IllegalArgumentException("unknown auth variant in the corpus: " + variant);
            }
            return headers.get(variant);
        }
    }
}
