package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.annotations.PactDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer pact of an integrating team with the stage's token endpoint: writes
 * {@code pacts/scan-poster-qr-router-token.json}, verified by {@code PactTokenEndpointIT}. No real secret is in the
 * pact: the provider swaps in a registered client's credentials for {@link PactContract#REGISTERED_CLIENT}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = PactContract.TOKEN_PROVIDER, pactVersion = PactSpecVersion.V4)
@PactDirectory(PactContract.PACT_FOLDER)
class PactScanPosterTokenTest {

    private static final String EXAMPLE_CLIENT_ID = "example-client-id";
    private static final String EXAMPLE_SECRET = "example-client-secret";
    private static final String FORM = "grant_type=client_credentials&scope=qr-router%2Fsendqrcode";
    private static final String BASIC = "Basic [A-Za-z0-9+/]+=*";
    private static final PactPost.Header FORM_TYPE = PactPost.Header.matching(
            "Content-Type", "application/x-www-form-urlencoded(;.*)?", "application/x-www-form-urlencoded");

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact tokenIssued(PactDslWithProvider builder) {
        return tokenRequest(EXAMPLE_CLIENT_ID, EXAMPLE_SECRET)
                .of(
                        builder.given(PactContract.REGISTERED_CLIENT)
                                .uponReceiving(
                                        "a client_credentials token request with the scope qr-router/sendqrcode"),
                        FORM)
                .willRespondWith()
                .status(200)
                .body(new PactDslJsonBody()
                        .stringType(
                                "access_token",
                                "eyJraWQiOiJleGFtcGxlIn0.eyJzY29wZSI6InFyLXJvdXRlci9zZW5kcXJjb2RlIn0.c2ln")
                        .stringValue("token_type", "Bearer")
                        .integerType("expires_in", 3600))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = PactContract.SCAN_POSTER)
    V4Pact clientUnknown(PactDslWithProvider builder) {
        return tokenRequest("no-such-client", "wrong-secret")
                .of(builder.uponReceiving("a token request with credentials of no registered client"), FORM)
                .willRespondWith()
                .status(400)
                .body(new PactDslJsonBody().stringValue("error", "invalid_client"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "tokenIssued")
    void token_whenClientIsRegistered_returnsTheBearerToken(MockServer tokenEndpoint) {
        ScanPoster poster = poster(tokenEndpoint, EXAMPLE_CLIENT_ID, EXAMPLE_SECRET);

        assertThat(poster.token()).startsWith("eyJ");
    }

    @Test
    @PactTestFor(pactMethod = "clientUnknown")
    void token_whenCredentialsAreWrong_failsWithInvalidClient(MockServer tokenEndpoint) {
        ScanPoster poster = poster(tokenEndpoint, "no-such-client", "wrong-secret");

        assertThatThrownBy(poster::token)
                .isInstanceOf(ScanPoster.ScanPosterException.class)
                .hasMessageContaining("status 400")
                .hasMessageContaining("invalid_client");
    }

    private static ScanPoster poster(MockServer tokenEndpoint, String clientId, String secret) {
        return new ScanPoster(
                URI.create(tokenEndpoint.getUrl() + "/oauth2/token"),
                URI.create("http://127.0.0.1:1/unused"),
                clientId,
                secret);
    }

    /** The token request of a client with these credentials (Basic auth, the form). */
    private static PactPost tokenRequest(String clientId, String secret) {
        return PactPost.to(
                "/oauth2/token", PactPost.Header.matching("Authorization", BASIC, basic(clientId, secret)), FORM_TYPE);
    }

    private static String basic(String clientId, String secret) {
        return "Basic "
                + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
