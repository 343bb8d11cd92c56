package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link RouterFunction} is built from. Build it with {@link #builder()}; every value is required (there is no
 * sensible default for a stage's data or code).
 *
 * @param stage the stage: topic prefix, log level and retention, batching window, maximum concurrency
 * @param routerJar the deployable router: the shaded jar (or, in tests, a stand-in folder)
 * @param data the stage's key, queues and tables that the function reads, writes and is fed from
 * @param iotEndpoint the account's AWS IoT data endpoint the function publishes to
 */
public record RouterFunctionProps(StageConfig stage, Path routerJar, DataStore data, IotDataEndpoint iotEndpoint) {

    public RouterFunctionProps {
        Objects.requireNonNull(stage, "RouterFunctionProps.stage is required");
        Objects.requireNonNull(routerJar, "RouterFunctionProps.routerJar is required");
        Objects.requireNonNull(data, "RouterFunctionProps.data is required");
        Objects.requireNonNull(iotEndpoint, "RouterFunctionProps.iotEndpoint is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RouterFunctionProps}; every value is required. */
    public static final class Builder {
        private StageConfig stage;
        private Path routerJar;
        private DataStore data;
        private IotDataEndpoint iotEndpoint;

        private Builder() {}

        public Builder stage(StageConfig stage) {
            this.stage = stage;
            return this;
        }

        public Builder routerJar(Path routerJar) {
            this.routerJar = routerJar;
            return this;
        }

        public Builder data(DataStore data) {
            this.data = data;
            return this;
        }

        public Builder iotEndpoint(IotDataEndpoint iotEndpoint) {
            this.iotEndpoint = iotEndpoint;
            return this;
        }

        public RouterFunctionProps build() {
            return new RouterFunctionProps(stage, routerJar, data, iotEndpoint);
        }
    }
}
