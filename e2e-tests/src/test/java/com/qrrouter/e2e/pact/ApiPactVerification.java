package com.qrrouter.e2e.pact;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.State;
import java.net.MalformedURLException;
import java.util.Map;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verifies every pact with the API (ours and integrating teams' in {@code pacts/}, and the broker's if configured)
 * against a real stage: each interaction is replayed to {@code <API URL>/postmessagetosqs}. Provider states set up real
 * data: {@link PactContract#VALID_TOKEN} fetches a fresh token from the stage's token endpoint, which a request filter
 * puts into {@code Authorization}; {@link PactContract#ROUTE_PRESENT} / {@link PactContract#ROUTE_ABSENT} write or
 * delete the route of the state's {@code clientId} in the stage's routes table. A route is left in place afterwards:
 * deleting it while the scan is on its way would park the scan in the DLQ.
 */
abstract class ApiPactVerification {

    private String token;

    abstract ProviderStage stage();

    @BeforeEach
    void target(PactVerificationContext context) throws MalformedURLException {
        context.setTarget(TokenEndpointPactVerification.target(stage().apiUri()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void verify_whenInteractionIsReplayed_answersAsThePactSays(PactVerificationContext context, HttpRequest request) {
        if (PactRequests.hasState(context, PactContract.VALID_TOKEN)) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        context.verifyInteraction();
    }

    @State(PactContract.VALID_TOKEN)
    void validToken() {
        ProviderStage stage = stage();
        token = new ScanPoster(stage.tokenUri(), stage.apiUri(), stage.clientId(), stage.clientSecret()).token();
    }

    @State(PactContract.ROUTE_PRESENT)
    void routePresent(Map<String, Object> parameters) {
        stage().putRoute(clientId(parameters));
    }

    @State(PactContract.ROUTE_ABSENT)
    void routeAbsent(Map<String, Object> parameters) {
        stage().deleteRoute(clientId(parameters));
    }

    static String clientId(Map<String, Object> parameters) {
        Object clientId = parameters.get(PactContract.CLIENT_ID_PARAMETER);
        if (clientId == null) {
            throw new IllegalArgumentException("The provider state has no " + PactContract.CLIENT_ID_PARAMETER
                    + " parameter: give(\"<state>\", Map.of(\"clientId\", \"<ClientID>\")) in the consumer pact");
        }
        return clientId.toString();
    }
}
