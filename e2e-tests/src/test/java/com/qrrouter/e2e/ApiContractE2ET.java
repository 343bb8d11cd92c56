package com.qrrouter.e2e;

/**
 * The API contract against a deployed stage: {@code E2E_CLIENT_SECRET=… ./mvnw -B -Pe2e -pl e2e-tests verify}, with
 * {@code -De2e.outputsFile=<absolute path>} for another stage than {@code infra/cdk-outputs-stag.json}. Posts real
 * messages for {@code DemoClient} (seed its route first, docs/deploy.md).
 */
class ApiContractE2ET extends ApiContractTests {

    private static DeployedStage stage;

    @Override
    StageUnderTest stage() {
        synchronized (ApiContractE2ET.class) {
            if (stage == null) {
                stage = DeployedStage.fromSystem();
            }
            return stage;
        }
    }
}
