package com.qrrouter.local.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.settings.PipelineSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** An access token from the stack's token endpoint, as an integrating team gets one: client_credentials, the scope. */
final class AccessTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessTokens() {}

    static String fetch(URI tokenUri, String clientId, String clientSecret) throws IOException, InterruptedException {
        String basic =
                Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(PipelineSettings.FULL_SCOPE, StandardCharsets.UTF_8)))
                .build();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode token = response.statusCode() == 200
                    ? JSON.readTree(response.body()).path("access_token")
                    : JSON.missingNode();
            if (!token.isTextual()) {
                // The answer of a failed request holds an error code, never a token: safe to show.
                throw new IllegalStateException("The token endpoint " + tokenUri + " answered " + response.statusCode()
                        + " without an access token: " + response.body());
            }
            return token.asText();
        }
    }
}
