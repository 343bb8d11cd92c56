package com.qrrouter.e2e.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;

/** The token endpoint pacts against the local stack's Cognito stand-in (every build). */
@Provider(PactContract.TOKEN_PROVIDER)
@PactFolder(PactContract.PACT_FOLDER)
@PactBrokerWhenConfigured
class PactTokenEndpointIT extends TokenEndpointPactVerification {

    @Override
    ProviderStage stage() {
        return ProviderStage.local();
    }
}
