package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qrrouter.local.LocalStack;
import com.qrrouter.settings.PipelineSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineTests} against the local stack (every build), plus the cases a deployed stage cannot be made to
 * produce, each saying why.
 */
class PipelineIT extends PipelineTests {

    @Override
    PipelineTarget target() {
        return LocalTarget.shared();
    }

    private LocalStack stack() {
        return LocalTarget.shared().stack();
    }

    /**
     * Local only: the router's log is a local file (on AWS it is in CloudWatch Logs, which the tester's policy does not
     * read). The exact seed sample ({@code DemoClient}) is posted by other suites of the run too, so the router may log
     * it as a duplicate: what counts here is that it was processed and its QR code is nowhere in the log. Its delivery
     * byte for byte is {@link PipelineTests#post_whenSeedSample_deliversTheExactBytesWithTheMqtt5Properties}.
     */
    @Test
    void post_whenExactSeedSample_isProcessedAndTheRoutersLogsHoldNoQrCode() throws Exception {
        byte[] seed = LocalStack.SEED_SAMPLE.getBytes(StandardCharsets.UTF_8);

        PipelineClient.Answer answer = client().postJson(token(), seed);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        String messageId = answer.messageId();
        await().atMost(DELIVERY)
                .until(() -> Files.readString(LocalStage.ROUTER_LOG).contains("messageId=" + messageId));
        assertThat(Files.readString(LocalStage.ROUTER_LOG))
                .as("the router's logs never hold a QR code in clear")
                .doesNotContain(SEED_QR_CODE);
    }

    /**
     * Local only: Cognito issues a token only for a scope the client is allowed ({@code invalid_scope} otherwise, see
     * {@link ApiContractTests}), so a token without the scope cannot be minted on a stage; the local issuer signs one.
     */
    @Test
    void post_whenTokenLacksTheScope_answers401() {
        String token = stack().signAccessToken(
                        pipeline().clientId(),
                        List.of(PipelineSettings.RESOURCE_SERVER_IDENTIFIER + "/other"),
                        Instant.now());

        PipelineClient.Answer answer =
                client().postJson(token, SeedScans.of(LocalStack.SEED_CLIENT_ID, uniqueQrCode()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("message").asText()).isEqualTo("Unauthorized");
    }

    /**
     * Local only: a Cognito access token lives 60 minutes and cannot be issued in the past, so a stage cannot be shown
     * an expired one within a test run; the local issuer signs one issued two hours ago.
     */
    @Test
    void post_whenTokenExpired_answers401WithTheExpiryMessage() {
        String token = stack().signAccessToken(
                        pipeline().clientId(),
                        List.of(PipelineSettings.FULL_SCOPE),
                        Instant.now().minus(Duration.ofHours(2)));

        PipelineClient.Answer answer =
                client().postJson(token, SeedScans.of(LocalStack.SEED_CLIENT_ID, uniqueQrCode()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("message").asText()).isEqualTo("The incoming token has expired");
    }

    /**
     * Local only for the codes and pointers: API Gateway's request validator answers a text
     * ({@code $context.error.validationErrorString}), asserted on both targets in {@link ApiContractTests}; the local
     * front adds the machine-readable codes of the same model.
     */
    @Test
    void post_whenMessageIsInvalid_answers400WithCodesAndPointersButNotTheQrCode() {
        String qrCode = "secret-" + "Q".repeat(5000);
        byte[] body = ("{\"ClientID\":\"Demo Client\",\"QRCode\":\"" + qrCode + "\",\"Time\":\"20231301T231010\"}")
                .getBytes(StandardCharsets.UTF_8);

        PipelineClient.Answer answer = client().postJson(token(), body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).isEqualTo("Invalid request body");
        assertThat(answer.json().path("requestId").asText()).isNotBlank();
        List<String> codes = answer.json().path("errors").findValuesAsText("code");
        List<String> pointers = answer.json().path("errors").findValuesAsText("pointer");
        assertThat(codes).contains("PATTERN", "MAX_LENGTH", "REQUIRED");
        assertThat(pointers).contains("/ClientID", "/QRCode");
        assertThat(answer.body()).doesNotContain("secret-QQQ");
    }
}
