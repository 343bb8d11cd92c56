package com.qrrouter.e2e.pact;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The consumer side of the HTTP pacts: what an integrating team's code does (docs/integration-guide.md sections 2
 * and 3). It gets a {@code client_credentials} token from the stage's token URL and posts scans to
 * {@code <API URL>/postmessagetosqs}, and reads only what the guide promises of the answers. The consumer tests
 * ({@code PactScanPoster*Test}) pin what it reads in the pacts; the provider ITs reuse it to fetch fresh tokens.
 */
final class ScanPoster {

    /** The scope an integrating team asks for. */
    static final String SCOPE = "qr-router/sendqrcode";

    /** The answer to a post. */
    sealed interface Answer permits Queued, Refused {}

    /** 200: queued (not yet delivered); {@code md5OfMessageBody} proves the bytes arrived unchanged. */
    record Queued(String messageId, String md5OfMessageBody, String requestId) implements Answer {}

    /** 4xx: {@code codes} are the contract's error codes when the API lists them, else empty. */
    record Refused(int status, String message, String requestId, List<String> codes) implements Answer {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokenUri;
    private final URI apiUri;
    private final String clientId;
    private final String clientSecret;

    /**
     * @param tokenUri {@code https://<domain>/oauth2/token}
     * @param apiUri the API URL of the stage, {@code https://<api-id>.execute-api.<region>.amazonaws.com/<stage>}
     */
    ScanPoster(URI tokenUri, URI apiUri, String clientId, String clientSecret) {
        this.tokenUri = tokenUri;
        this.apiUri = apiUri;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** A token with the scope {@value #SCOPE}; the refusal's {@code error} code otherwise. */
    String token() {
        String basic =
                Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(tokenUri)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&scope=" + URLEncoder.encode(SCOPE, StandardCharsets.UTF_8)))
                .build());
        JsonNode json = json(response.body());
        if (response.statusCode() != 200) {
            throw new ScanPosterException("The token endpoint refused the client: status " + response.statusCode()
                    + ", error " + json.path("error").asText("(none)"));
        }
        if (!"Bearer".equals(json.path("token_type").asText())
                || json.path("expires_in").asLong() <= 0) {
            throw new ScanPosterException("The token endpoint answered no bearer token with an expiry");
        }
        return json.path("access_token").asText();
    }

    /** Posts a scan as is ({@code --data-binary}); {@code token} null sends no {@code Authorization}. */
    Answer post(String token, byte[] scan) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUri + "/postmessagetosqs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(scan));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request.build());
        JsonNode json = json(response.body());
        if (response.statusCode() == 200) {
            JsonNode answer = json.path("SendMessageResponse");
            JsonNode result = answer.path("SendMessageResult");
            return new Queued(
                    result.path("MessageId").asText(),
                    result.path("MD5OfMessageBody").asText(),
                    answer.path("ResponseMetadata").path("RequestId").asText());
        }
        List<String> codes = new ArrayList<>();
        json.path("errors").forEach(error -> codes.add(error.path("code").asText()));
        return new Refused(
                response.statusCode(),
                json.path("message").asText(),
                json.path("requestId").asText(null),
                List.copyOf(codes));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + request.uri(), e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ScanPosterException("The answer is not JSON");
        }
    }

    /** The token endpoint or the API answered something the integration guide does not promise. */
    static final class ScanPosterException extends RuntimeException {
        ScanPosterException(String message) {
            super(message);
        }
    }
}
