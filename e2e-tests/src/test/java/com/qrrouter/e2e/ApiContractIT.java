package com.qrrouter.e2e;

/** The API contract against the local stack (every build). */
class ApiContractIT extends ApiContractTests {

    @Override
    PipelineTarget target() {
        return LocalTarget.shared();
    }
}
