package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import java.util.Objects;

/**
 * What an {@link E2eTesterPolicy} grants access to. Build it with {@link #builder()}; every value is required.
 *
 * @param stage the stage: its name (the tester's MQTT client ids) and topic prefix (the e2e topics under it)
 * @param data the stage's routes table, queues and key that the suite seeds, redrives and reads back
 * @param auth the machine-client pool whose integration client the suite describes to read its secret
 */
public record E2eTesterPolicyProps(StageConfig stage, DataStore data, MachineClientAuth auth) {

    public E2eTesterPolicyProps {
        Objects.requireNonNull(stage, "E2eTesterPolicyProps.stage is required");
        Objects.requireNonNull(data, "E2eTesterPolicyProps.data is required");
        Objects.requireNonNull(auth, "E2eTesterPolicyProps.auth is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link E2eTesterPolicyProps}; every value is required. */
    public static final class Builder {
        private StageConfig stage;
        private DataStore data;
        private MachineClientAuth auth;

        private Builder() {}

        public Builder stage(StageConfig stage) {
            this.stage = stage;
            return this;
        }

        public Builder data(DataStore data) {
            this.data = data;
            return this;
        }

        public Builder auth(MachineClientAuth auth) {
            this.auth = auth;
            return this;
        }

        public E2eTesterPolicyProps build() {
            return new E2eTesterPolicyProps(stage, data, auth);
        }
    }
}
