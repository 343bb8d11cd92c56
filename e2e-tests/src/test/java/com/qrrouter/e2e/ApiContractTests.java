package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qrrouter.schema.Examples;
import com.qrrouter.settings.PipelineSettings;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP answers a client meets, true for the local stack ({@link ApiContractIT}) and for a deployed stage
 * ({@link ApiContractE2ET}, {@code -Pe2e}): only what both answer the same way is asserted here. Scans are posted for
 * {@code DemoClient}: they are queued (what is asserted here) and, on a stage without that route, parked.
 */
@ExtendWith(LogExchangesOnFailure.class)
abstract class ApiContractTests {

    /** The target under test; called once per test. */
    abstract PipelineTarget target();

    private PipelineTarget stage() {
        return target();
    }

    private PipelineClient client() {
        return PipelineClient.of(stage());
    }

    private String token() {
        return client().token(stage().clientId(), stage().clientSecret(), PipelineSettings.FULL_SCOPE);
    }

    /** A scan of the seeded client that no earlier run posted, with the characters the seed's mapping broke. */
    static byte[] freshScan() {
        String qrCode = "e2e+" + UUID.randomUUID().toString().substring(0, 13) + "=/";
        return SeedScans.SEED_SAMPLE.with("QRCode", qrCode).bytes();
    }

    @Test
    void post_whenValidWithToken_answers200WithTheQueuedMessage() throws Exception {
        byte[] scan = freshScan();

        PipelineClient.Answer answer = client().postJson(token(), scan);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.requestId()).as("x-amzn-RequestId").isNotBlank();
        JsonNode result = answer.json().path("SendMessageResponse").path("SendMessageResult");
        assertThat(result.path("MessageId").asText()).isNotBlank();
        assertThat(result.path("MD5OfMessageBody").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(scan)));
    }

    @Test
    void post_whenNoToken_answers401() {
        PipelineClient.Answer answer = client().post(null, "application/json", freshScan());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("message").asText()).isEqualTo("Unauthorized");
        assertThat(answer.json().path("requestId").asText()).isNotBlank();
    }

    @Test
    void post_whenTokenIsTampered_answers401() {
        String token = token();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThat(client().postJson(tampered, freshScan()).status()).isEqualTo(401);
    }

    @Test
    void post_whenContentTypeIsNotJson_answers415() {
        PipelineClient.Answer answer = client().post("Bearer " + token(), "text/plain", freshScan());

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().path("message").asText()).startsWith("Unsupported media type");
        assertThat(answer.json().path("requestId").asText()).isNotBlank();
    }

    @Test
    void post_whenMessageIsInvalid_answers400WithTheRequestId() {
        byte[] body = Examples.invalid("10-client-id-with-space").bytes();

        PipelineClient.Answer answer = client().postJson(token(), body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).startsWith("Invalid request body");
        assertThat(answer.json().path("requestId").asText()).isNotBlank();
    }

    @Test
    void post_whenBodyIsOverTheSizeBound_answers413() {
        byte[] body = new byte[16_385];
        Arrays.fill(body, (byte) ' ');

        PipelineClient.Answer answer = client().postJson(token(), body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("message").asText()).contains("16384");
    }

    @Test
    void token_whenSecretIsWrongOrGrantOrScopeUnsupported_answersCognitoErrors() {
        PipelineClient.Answer wrongSecret = client().requestToken(
                        stage().clientId(), "not-the-secret", "client_credentials", PipelineSettings.FULL_SCOPE);
        PipelineClient.Answer wrongGrant = client().requestToken(
                        stage().clientId(), stage().clientSecret(), "password", PipelineSettings.FULL_SCOPE);
        PipelineClient.Answer wrongScope = client().requestToken(
                        stage().clientId(), stage().clientSecret(), "client_credentials", "qr-router/admin");

        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(wrongSecret.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(wrongGrant.status()).isEqualTo(400);
        assertThat(wrongGrant.json().path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(wrongScope.status()).isEqualTo(400);
        assertThat(wrongScope.json().path("error").asText()).isEqualTo("invalid_scope");
    }
}
