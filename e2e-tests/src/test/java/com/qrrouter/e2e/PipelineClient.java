package com.qrrouter.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What an integrating team does over HTTP, with REST Assured: get a token from the token endpoint
 * ({@code client_credentials}, HTTP Basic client authentication, scope) and POST a QR message with it. Knows only URLs
 * and credentials, so it works against the local stack and a deployed stage alike. Every exchange goes into the
 * {@link ExchangeJournal}, masked, which {@link LogExchangesOnFailure} prints when a test fails.
 */
final class PipelineClient {

    /**
     * One HTTP answer: status, raw body, body as JSON (null if it is not JSON), and the request id API Gateway (and the
     * local front) answers in {@code x-amzn-RequestId}. Printed masked.
     */
    record Answer(int status, String body, JsonNode json, String requestId) {

        /** The SQS message id of a 200 answer ({@code SendMessageResponse.SendMessageResult.MessageId}). */
        String messageId() {
            return json.path("SendMessageResponse")
                    .path("SendMessageResult")
                    .path("MessageId")
                    .asText();
        }

        @Override
        public String toString() {
            return "Answer[status=" + status + ", requestId=" + requestId + ", body=" + ExchangeJournal.mask(body)
                    + "]";
        }
    }

    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            // Send the Content-Type exactly as given: API Gateway matches media types, no charset appended.
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", (int) TIMEOUT.toMillis())
                    .setParam("http.socket.timeout", (int) TIMEOUT.toMillis()));

    private final URI tokenUri;
    private final URI messageUri;

    PipelineClient(URI tokenUri, URI messageUri) {
        this.tokenUri = tokenUri;
        this.messageUri = messageUri;
    }

    /** The client of {@code target}. */
    static PipelineClient of(PipelineTarget target) {
        return new PipelineClient(target.tokenUri(), target.messageUri());
    }

    /** {@code POST /oauth2/token} with {@code grant_type} and, if not null, {@code scope}; HTTP Basic client auth. */
    Answer requestToken(String clientId, String clientSecret, String grantType, String scope) {
        ExchangeJournal.secret(clientSecret);
        RequestSpecification request = request()
                .auth()
                .preemptive()
                .basic(clientId, clientSecret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", grantType);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        Answer answer = answer(request.post(tokenUri));
        if (answer.json() != null && answer.json().hasNonNull("access_token")) {
            ExchangeJournal.secret(answer.json().get("access_token").asText());
        }
        return answer;
    }

    /** A token with the scope, or a failed assertion with the endpoint's (masked) answer. */
    String token(String clientId, String clientSecret, String scope) {
        Answer answer = requestToken(clientId, clientSecret, "client_credentials", scope);
        if (answer.status() != 200 || answer.json() == null || !answer.json().hasNonNull("access_token")) {
            throw new AssertionError("No token: " + answer);
        }
        return answer.json().get("access_token").asText();
    }

    /** POSTs {@code body} as is; {@code authorization} and {@code contentType} are left out when null. */
    Answer post(String authorization, String contentType, byte[] body) {
        RequestSpecification request = request().body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.contentType(contentType);
        }
        return answer(request.post(messageUri));
    }

    /** POSTs a JSON message with a bearer token. */
    Answer postJson(String token, byte[] body) {
        ExchangeJournal.secret(token);
        return post("Bearer " + token, "application/json", body);
    }

    private static RequestSpecification request() {
        return given().config(CONFIG).urlEncodingEnabled(true).filter(ExchangeJournal.FILTER);
    }

    private static Answer answer(Response response) {
        String body = new String(response.asByteArray(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return new Answer(response.statusCode(), body, json, response.header(REQUEST_ID_HEADER));
    }
}
