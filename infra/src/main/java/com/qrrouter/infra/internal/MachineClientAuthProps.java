package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.infra.StageTeams;
import java.util.Objects;

/**
 * What a {@link MachineClientAuth} is built for. Build it with {@link #builder()}.
 *
 * @param stage the stage: the pool's removal policy and deletion protection, the domain prefix, the scope description
 * @param teams the integrating teams, one app client per team and generation; default {@link StageTeams#none()}
 *     (a pool without clients)
 */
public record MachineClientAuthProps(StageConfig stage, StageTeams teams) {

    public MachineClientAuthProps {
        Objects.requireNonNull(stage, "MachineClientAuthProps.stage is required");
        Objects.requireNonNull(teams, "MachineClientAuthProps.teams is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link MachineClientAuthProps}; {@code stage} is required, {@code teams} defaults to none. */
    public static final class Builder {
        private StageConfig stage;
        private StageTeams teams = StageTeams.none();

        private Builder() {}

        public Builder stage(StageConfig stage) {
            this.stage = stage;
            return this;
        }

        public Builder teams(StageTeams teams) {
            this.teams = teams;
            return this;
        }

        public MachineClientAuthProps build() {
            return new MachineClientAuthProps(stage, teams);
        }
    }
}
