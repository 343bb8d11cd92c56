package com.qrrouter.e2e.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;

/** The token endpoint pacts against a deployed stage's Cognito domain ({@code -Pe2e}, docs/deploy.md). */
@Provider(PactContract.TOKEN_PROVIDER)
@PactFolder(PactContract.PACT_FOLDER)
@PactBrokerWhenConfigured
class PactTokenEndpointE2ET extends TokenEndpointPactVerification {

    private static ProviderStage stage;

    @Override
    ProviderStage stage() {
        synchronized (PactTokenEndpointE2ET.class) {
            if (stage == null) {
                stage = ProviderStage.deployed();
            }
            return stage;
        }
    }
}
