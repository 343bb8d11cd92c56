package com.qrrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * What an integrating team does over HTTP: get a token from the token endpoint ({@code client_credentials}, Basic
 * client authentication) and POST a QR message with it. Knows only URLs and credentials, so it works against the
 * local stack and a deployed stage alike.
 */
final class PipelineClient {

    /** One HTTP answer: status, raw body, body as JSON (null if it is not JSON). */
    record Answer(int status, String body, JsonNode json) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokenUri;
    private final URI messageUri;

    PipelineClient(URI tokenUri, URI messageUri) {
        this.tokenUri = tokenUri;
        this.messageUri = messageUri;
    }

    /** {@code POST /oauth2/token} with {@code grant_type=client_credentials} and, if not null, {@code scope}. */
    Answer requestToken(String clientId, String clientSecret, String grantType, String scope) {
        String form = "grant_type=" + URLEncoder.encode(grantType, StandardCharsets.UTF_8)
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        String basic =
                Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(tokenUri)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    /** A token with the scope, or a failed assertion with the endpoint's answer. */
    String token(String clientId, String clientSecret, String scope) {
        Answer answer = requestToken(clientId, clientSecret, "client_credentials", scope);
        if (answer.status() != 200 || answer.json() == null || !answer.json().hasNonNull("access_token")) {
            throw new AssertionError("No token: " + answer);
        }
        return answer.json().get("access_token").asText();
    }

    /** POSTs {@code body} as is; {@code authorization} and {@code contentType} are left out when null. */
    Answer post(String authorization, String contentType, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(messageUri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** POSTs a JSON message with a bearer token. */
    Answer postJson(String token, byte[] body) {
        return post("Bearer " + token, "application/json", body);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                json = null;
            }
            return new Answer(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
