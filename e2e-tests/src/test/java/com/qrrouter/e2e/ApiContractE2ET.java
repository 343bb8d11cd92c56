package com.qrrouter.e2e;

/**
 * The API contract against a deployed stage: {@code ./mvnw -B -Pe2e -pl e2e-tests verify}, with
 * {@code -De2e.outputsFile=<absolute path>} for another stage than {@code infra/cdk-outputs-stag.json} (docs/deploy.md
 * section 12).
 */
class ApiContractE2ET extends ApiContractTests {

    @Override
    PipelineTarget target() {
        return DeployedTarget.shared();
    }
}
