package com.qrrouter.e2e.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFilter;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;

/**
 * The API pacts against a deployed stage ({@code -Pe2e}, docs/deploy.md): API and token URLs, client id and the
 * routes table from {@code -De2e.outputsFile}, the secret from {@code E2E_CLIENT_SECRET}, AWS credentials for the
 * routes. Two states are left out: {@link PactContract#LISTS_ERROR_CODES} (API Gateway's model validator answers
 * its own text, no codes) and {@link PactContract#ROUTE_ABSENT} (the scan would be parked in the stage's DLQ and raise
 * the operators' alarm).
 */
@Provider(PactContract.API_PROVIDER)
@PactFolder(PactContract.PACT_FOLDER)
@PactBrokerWhenConfigured
@PactFilter(
        value = {PactContract.LISTS_ERROR_CODES, PactContract.ROUTE_ABSENT},
        filter = PactRequests.WithoutProviderStates.class)
class PactApiE2ET extends ApiPactVerification {

    private static ProviderStage stage;

    @Override
    ProviderStage stage() {
        synchronized (PactApiE2ET.class) {
            if (stage == null) {
                stage = ProviderStage.deployed();
            }
            return stage;
        }
    }
}
