package com.qrrouter.e2e;

/**
 * {@link PipelineTests} against a deployed stage: {@code ./mvnw -B -Pe2e -pl e2e-tests verify
 * -De2e.outputsFile=<absolute path>} with credentials whose role has the stage's {@code E2eTesterPolicyArn} attached
 * (docs/deploy.md section 12). Local-only cases and why: {@link PipelineIT}.
 */
class PipelineE2ET extends PipelineTests {

    @Override
    PipelineTarget target() {
        return DeployedTarget.shared();
    }
}
