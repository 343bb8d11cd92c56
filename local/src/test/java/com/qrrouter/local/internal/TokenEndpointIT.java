package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import com.qrrouter.local.MachineClient;
import com.qrrouter.settings.PipelineSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEndpointIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final MachineClient CLIENT =
            new MachineClient("demo-team", "machine", "s3cret:with/odd+chars", Set.of(PipelineSettings.FULL_SCOPE));
    private static final MachineClient OTHER_TEAM_CLIENT =
            new MachineClient("other-team", "other-machine", "0ther-s3cret", Set.of(PipelineSettings.FULL_SCOPE));

    private static TokenIssuer issuer;
    private static TokenEndpoint endpoint;

    @BeforeAll
    static void start() {
        issuer = TokenIssuer.create("http://127.0.0.1:1", Duration.ofHours(1), Clock.systemUTC());
        endpoint = TokenEndpoint.start(issuer, List.of(CLIENT, OTHER_TEAM_CLIENT), 0);
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    @Test
    void token_whenBasicAuthAndScope_answersABearerTokenSignedByTheJwksKey() throws Exception {
        HttpResponse<String> response = post(
                basic(CLIENT.clientId(), CLIENT.clientSecret()),
                form("grant_type=client_credentials&scope=" + PipelineSettings.FULL_SCOPE));
        JsonNode body = JSON.readTree(response.body());
        HttpResponse<String> jwks = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/.well-known/jwks.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
        SignedJWT jwt = SignedJWT.parse(body.path("access_token").asText());
        assertThat(jwt.getJWTClaimsSet().getClaim("scope")).isEqualTo(PipelineSettings.FULL_SCOPE);
        assertThat(jwks.statusCode()).isEqualTo(200);
        JsonNode key = JSON.readTree(jwks.body()).path("keys").get(0);
        assertThat(key.path("kid").asText()).isEqualTo(jwt.getHeader().getKeyID());
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.has("d")).as("no private part in the JWKS").isFalse();
    }

    @Test
    void token_whenSeveralTeamsClientsAsk_eachGetsATokenOfItsOwnClientIdAndNoneWithTheOthersSecret() throws Exception {
        HttpResponse<String> demo = post(
                basic(CLIENT.clientId(), CLIENT.clientSecret()),
                form("grant_type=client_credentials&scope=" + PipelineSettings.FULL_SCOPE));
        HttpResponse<String> other = post(
                basic(OTHER_TEAM_CLIENT.clientId(), OTHER_TEAM_CLIENT.clientSecret()),
                form("grant_type=client_credentials&scope=" + PipelineSettings.FULL_SCOPE));
        HttpResponse<String> crossed = post(
                basic(OTHER_TEAM_CLIENT.clientId(), CLIENT.clientSecret()),
                form("grant_type=client_credentials&scope=" + PipelineSettings.FULL_SCOPE));

        assertThat(demo.statusCode()).as(demo.body()).isEqualTo(200);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(clientIdOf(demo)).isEqualTo(CLIENT.clientId());
        assertThat(clientIdOf(other)).isEqualTo(OTHER_TEAM_CLIENT.clientId());
        assertError(crossed, "invalid_client");
    }

    private static Object clientIdOf(HttpResponse<String> tokenResponse) throws Exception {
        return SignedJWT.parse(
                        JSON.readTree(tokenResponse.body()).path("access_token").asText())
                .getJWTClaimsSet()
                .getClaim("client_id");
    }

    @Test
    void token_whenNoScopeAsked_grantsEveryAllowedScope() throws Exception {
        HttpResponse<String> response =
                post(basic(CLIENT.clientId(), CLIENT.clientSecret()), form("grant_type=client_credentials"));

        assertThat(response.statusCode()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(
                JSON.readTree(response.body()).path("access_token").asText());
        assertThat(jwt.getJWTClaimsSet().getClaim("scope")).isEqualTo(PipelineSettings.FULL_SCOPE);
    }

    @Test
    void token_whenCredentialsInTheForm_answersAToken() throws Exception {
        HttpResponse<String> response = post(
                null,
                form("grant_type=client_credentials&client_id=machine&client_secret="
                        + java.net.URLEncoder.encode(CLIENT.clientSecret(), StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void token_whenRequestIsWrong_answersCognitoErrors() throws Exception {
        assertError(post(basic("machine", "wrong"), form("grant_type=client_credentials")), "invalid_client");
        assertError(
                post(basic("nobody", CLIENT.clientSecret()), form("grant_type=client_credentials")), "invalid_client");
        assertError(post(null, form("grant_type=client_credentials")), "invalid_client");
        assertError(post(basic(CLIENT.clientId(), CLIENT.clientSecret()), form("scope=x")), "invalid_request");
        assertError(
                post(basic(CLIENT.clientId(), CLIENT.clientSecret()), form("grant_type=authorization_code")),
                "unsupported_grant_type");
        assertError(
                post(
                        basic(CLIENT.clientId(), CLIENT.clientSecret()),
                        form("grant_type=client_credentials&scope=qr-router/admin")),
                "invalid_scope");
        HttpResponse<String> json = HTTP.send(
                HttpRequest.newBuilder(endpoint.tokenUri())
                        .header("Authorization", basic(CLIENT.clientId(), CLIENT.clientSecret()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(json, "invalid_request");
    }

    private static void assertError(HttpResponse<String> response, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(error);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.BodyPublisher form(String form) {
        return HttpRequest.BodyPublishers.ofString(form);
    }

    private static HttpResponse<String> post(String authorization, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.tokenUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
