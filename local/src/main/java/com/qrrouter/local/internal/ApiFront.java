package com.qrrouter.local.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.schema.ValidationError;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * What the stage's WAF and API Gateway do for {@code POST /{stage}/postmessagetosqs}, in the same order and with the
 * same answers as {@code infra/} configures them:
 *
 * <ol>
 *   <li>a body over {@link QrMessageSchema#MAX_MESSAGE_BYTES} is refused with 413 (WAF body-size rule, gateway response
 *       {@code REQUEST_TOO_LARGE});
 *   <li>the managed WAF rules that still block ({@link WafRules}: Log4j lookups in the body, headers, query string or
 *       path; the {@code PROPFIND} method): 403 with the gateway response {@code WAF_FILTERED}'s body;
 *   <li>a resource or method that does not exist: 403 {@code Missing Authentication Token};
 *   <li>stage throttling (token bucket): 429;
 *   <li>the Cognito authorizer: no token, a bad or expired one, or one without the scope: 401; a token of an app
 *       client that is no team's: 401 too (decision 0440);
 *   <li>a content type other than {@code application/json} (no mapping template, passthrough {@code NEVER}): 415;
 *   <li>request validation with the API Gateway model only ({@link com.qrrouter.schema.ApiGatewayModel}): 400 with
 *       the error list (codes, pointers; never the QR code). A body that only the full contract refuses (30
 *       February, a duplicate property) is queued, as on AWS, and the router parks it;
 *   <li>the SQS integration: {@code SendMessage} with the body unchanged and the attributes {@code CorrelationId} (the
 *       request id) and {@code ClientID} ({@code $input.path('$.ClientID')}: of duplicates, the last), {@code CallerTeam} (the team of the
 *       token's {@code client_id}) and {@code AcceptedAt} (when the request arrived, epoch milliseconds, as
 *       {@code $context.requestTimeEpoch}); nothing the client sends sets or changes these; 200 with SQS's
 *       {@code SendMessageResponse}. SQS refusing the message's characters ({@code InvalidMessageContents}; ElasticMQ
 *       says {@code InvalidAttributeValue} instead, which the model's patterns keep from happening): 400 with a
 *       reason; SQS refusing the request otherwise (queue, key, policy: ours): 500; SQS failing or unreachable: 503.
 * </ol>
 *
 * Every answer carries the request id in the body and in {@code x-amzn-RequestId}. Client input never causes a 5xx.
 */
public final class ApiFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiFront.class);
    private static final String JSON_CONTENT = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** SQS's error code for characters it does not accept in a message (the client's input, not our fault). */
    static final String INVALID_MESSAGE_CONTENTS = "InvalidMessageContents";

    /** The body of infra's gateway response {@code WAF_FILTERED} ({@code MessageApi}): a managed WAF rule blocked. */
    static final String WAF_FORBIDDEN = "Forbidden by the web application firewall";

    /** As infra's {@code SqsIntegrationTemplates.CONTENT_REFUSED_MESSAGE}. */
    static final String CONTENT_REFUSED = "Invalid request body: SQS refused the characters of the message; send only"
            + " characters the QR message contract allows (no control characters, U+FFFE, U+FFFF or unpaired"
            + " surrogates)";

    private final String resourcePath;
    private final AccessTokenVerifier verifier;
    private final Map<String, String> teamsByClientId;
    private final TokenBucket throttle;
    private final SqsClient sqs;
    private final String queueUrl;
    private final HttpServer server;

    private ApiFront(
            String stage,
            AccessTokenVerifier verifier,
            Map<String, String> teamsByClientId,
            TokenBucket throttle,
            SqsClient sqs,
            String queueUrl,
            int port) {
        this.teamsByClientId = Map.copyOf(teamsByClientId);
        this.resourcePath = "/" + PipelineSettings.requireStageName(stage) + "/" + PipelineSettings.API_RESOURCE_PATH;
        this.verifier = verifier;
        this.throttle = throttle;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.server = HttpExchanges.loopbackServer(port, "api-front", this::handle);
    }

    /**
     * Starts the API front on {@code 127.0.0.1:port} ({@code 0}: a free port).
     *
     * @param teamsByClientId the team of each app client id (the stage's teams); a token of any other client is refused
     */
    public static ApiFront start(
            String stage,
            AccessTokenVerifier verifier,
            Map<String, String> teamsByClientId,
            TokenBucket throttle,
            SqsClient sqs,
            String queueUrl,
            int port) {
        return new ApiFront(stage, verifier, teamsByClientId, throttle, sqs, queueUrl, port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port/{stage}/postmessagetosqs}. */
    public URI messageUri() {
        return URI.create("http://127.0.0.1:" + port() + resourcePath);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            int status = answer(exchange, requestId);
            LOG.info(
                    "{} {} -> {} [requestId={}]",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    status,
                    requestId);
        } catch (RuntimeException e) {
            // A fault of the stand-in itself, never of the client's input: logged without the body, answered as
            // API Gateway answers its own faults (if the answer has not started yet).
            LOG.error("API front failed [requestId={}]", requestId, e);
            if (exchange.getResponseCode() == -1) {
                error(exchange, 500, "Internal server error", requestId);
            }
        }
    }

    private int answer(HttpExchange exchange, String requestId) throws IOException {
        // API Gateway's $context.requestTimeEpoch: when the request arrived, before WAF and the authorizer.
        long acceptedAt = System.currentTimeMillis();
        // WAF first, as on AWS: its body-size rule, then the managed rules that still block.
        Optional<byte[]> body = HttpExchanges.readBody(exchange, QrMessageSchema.MAX_MESSAGE_BYTES);
        if (body.isEmpty()) {
            return error(
                    exchange,
                    413,
                    "Request body too large: a QR message has at most " + QrMessageSchema.MAX_MESSAGE_BYTES + " bytes",
                    requestId);
        }
        URI uri = exchange.getRequestURI();
        Optional<String> wafRule = WafRules.blockingRule(
                exchange.getRequestMethod(),
                uri.getRawPath(),
                uri.getRawQuery(),
                exchange.getRequestHeaders(),
                body.get());
        if (wafRule.isPresent()) {
            // The rule's name only: the matched text is the client's input.
            LOG.info("WAF rule {} blocked the request [requestId={}]", wafRule.get(), requestId);
            return error(exchange, 403, WAF_FORBIDDEN, requestId);
        }
        if (!resourcePath.equals(uri.getPath()) || !"POST".equals(exchange.getRequestMethod())) {
            // API Gateway's answer for a resource or method that does not exist.
            return error(exchange, 403, "Missing Authentication Token", requestId);
        }
        if (!throttle.tryAcquire()) {
            return error(exchange, 429, "Too Many Requests", requestId);
        }
        AccessTokenVerifier.Outcome auth =
                verifier.check(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!auth.authorized()) {
            return error(exchange, 401, auth.message(), requestId);
        }
        String team = teamsByClientId.get(auth.clientId());
        if (team == null) {
            // Every app client of the pool is a team's; a token of another client id cannot come from the pool.
            return error(exchange, 401, AccessTokenVerifier.UNAUTHORIZED, requestId);
        }
        if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            return error(exchange, 415, "Unsupported media type: send Content-Type: application/json", requestId);
        }
        List<ValidationError> errors = QrMessageSchema.v1().apiGatewayModel().validate(body.get());
        if (!errors.isEmpty()) {
            return invalid(exchange, errors, requestId);
        }
        // The model accepted it: UTF-8 JSON, an object with a string ClientID.
        String text = new String(body.get(), StandardCharsets.UTF_8);
        return send(exchange, text, JSON.readTree(text).path("ClientID").asText(), team, acceptedAt, requestId);
    }

    /** API Gateway picks the mapping template by media type; without a Content-Type it uses application/json. */
    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return JSON_CONTENT.equals(mediaType);
    }

    private int send(
            HttpExchange exchange, String body, String clientId, String team, long acceptedAt, String requestId)
            throws IOException {
        SendMessageResponse sent;
        try {
            sent = sqs.sendMessage(b -> b.queueUrl(queueUrl)
                    .messageBody(body)
                    .messageAttributes(Map.of(
                            MessageAttributes.CORRELATION_ID, stringAttribute(requestId),
                            MessageAttributes.CLIENT_ID, stringAttribute(clientId),
                            MessageAttributes.CALLER_TEAM, stringAttribute(team),
                            MessageAttributes.ACCEPTED_AT, numberAttribute(acceptedAt))));
        } catch (SqsException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            // The SQS error text can quote the body's characters: only the status and code are logged.
            LOG.warn("SQS refused SendMessage [requestId={}, status={}, code={}]", requestId, e.statusCode(), code);
            if (e.statusCode() >= 500) {
                return error(exchange, 503, "The message could not be queued right now: retry with backoff", requestId);
            }
            if (INVALID_MESSAGE_CONTENTS.equals(code)) {
                return error(exchange, 400, CONTENT_REFUSED, requestId);
            }
            return error(exchange, 500, "The message could not be queued", requestId);
        } catch (SdkException e) {
            LOG.warn("SQS unreachable [requestId={}]", requestId, e);
            return error(exchange, 503, "The message could not be queued right now: retry with backoff", requestId);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("MD5OfMessageAttributes", sent.md5OfMessageAttributes());
        result.put("MD5OfMessageBody", sent.md5OfMessageBody());
        result.put("MD5OfMessageSystemAttributes", sent.md5OfMessageSystemAttributes());
        result.put("MessageId", sent.messageId());
        result.put("SequenceNumber", sent.sequenceNumber());
        Map<String, Object> response = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("RequestId", sent.responseMetadata().requestId());
        response.put("ResponseMetadata", metadata);
        response.put("SendMessageResult", result);
        HttpExchanges.sendJson(exchange, 200, Map.of("SendMessageResponse", response));
        return 200;
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }

    private static MessageAttributeValue numberAttribute(long value) {
        return MessageAttributeValue.builder()
                .dataType("Number")
                .stringValue(Long.toString(value))
                .build();
    }

    private static int invalid(HttpExchange exchange, List<ValidationError> errors, String requestId)
            throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Invalid request body");
        answer.put("requestId", requestId);
        answer.put(
                "errors",
                errors.stream()
                        .map(error -> Map.of(
                                "code", error.code().name(), "pointer", error.pointer(), "message", error.message()))
                        .toList());
        HttpExchanges.sendJson(exchange, 400, answer);
        return 400;
    }

    private static int error(HttpExchange exchange, int status, String message, String requestId) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", message);
        answer.put("requestId", requestId);
        HttpExchanges.sendJson(exchange, status, answer);
        return status;
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }
}
