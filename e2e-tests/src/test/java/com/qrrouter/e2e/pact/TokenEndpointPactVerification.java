package com.qrrouter.e2e.pact;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.HttpsTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.State;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verifies every pact with the token endpoint (ours and integrating teams' in {@code pacts/}, and the broker's if
 * configured) against a real stage: each interaction is replayed to the stage's {@code /oauth2/token}.
 * {@link PactContract#REGISTERED_CLIENT}: a request filter replaces the pact's example {@code Authorization} by the
 * stage's machine client's real credentials (never written to the pact or a log).
 */
abstract class TokenEndpointPactVerification {

    abstract ProviderStage stage();

    @BeforeEach
    void target(PactVerificationContext context) throws MalformedURLException {
        context.setTarget(target(stage().tokenUri().resolve("/")));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void verify_whenInteractionIsReplayed_answersAsThePactSays(PactVerificationContext context, HttpRequest request) {
        if (PactRequests.hasState(context, PactContract.REGISTERED_CLIENT)) {
            ProviderStage stage = stage();
            request.setHeader(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((stage.clientId() + ":" + stage.clientSecret())
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        context.verifyInteraction();
    }

    @State(PactContract.REGISTERED_CLIENT)
    void registeredClient() {
        // The stage's machine client exists from the start (local stack) or from the deployment; the filter above
        // sends its credentials.
    }

    static au.com.dius.pact.provider.junit5.TestTarget target(URI base) throws MalformedURLException {
        return "https".equals(base.getScheme())
                ? HttpsTestTarget.fromUrl(base.toURL())
                : HttpTestTarget.fromUrl(base.toURL());
    }
}
