package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import java.util.Objects;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * What {@link Operations} watches. Build it with {@link #builder()}; only the alarm e-mail address is optional.
 *
 * @param stage the stage: names of the alarms, the topic and the dashboard
 * @param data the stage's key (it encrypts the alarm topic) and the queues whose depth and age are watched
 * @param router the router function whose errors, throttles, duration and concurrency are watched
 * @param apiStage the API stage whose requests, latency and 5xx answers are watched
 * @param alarmEmail an e-mail address subscribed to the alarm topic; default {@code null}: no subscription (a blank
 *     address counts as none)
 */
public record OperationsProps(StageConfig stage, DataStore data, IFunction router, Stage apiStage, String alarmEmail) {

    public OperationsProps {
        Objects.requireNonNull(stage, "OperationsProps.stage is required");
        Objects.requireNonNull(data, "OperationsProps.data is required");
        Objects.requireNonNull(router, "OperationsProps.router is required");
        Objects.requireNonNull(apiStage, "OperationsProps.apiStage is required");
    }

    /** Whether the alarm topic gets an e-mail subscription. */
    public boolean hasAlarmEmail() {
        return alarmEmail != null && !alarmEmail.isBlank();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link OperationsProps}; {@code alarmEmail} defaults to none. */
    public static final class Builder {
        private StageConfig stage;
        private DataStore data;
        private IFunction router;
        private Stage apiStage;
        private String alarmEmail;

        private Builder() {}

        public Builder stage(StageConfig stage) {
            this.stage = stage;
            return this;
        }

        public Builder data(DataStore data) {
            this.data = data;
            return this;
        }

        public Builder router(IFunction router) {
            this.router = router;
            return this;
        }

        public Builder apiStage(Stage apiStage) {
            this.apiStage = apiStage;
            return this;
        }

        public Builder alarmEmail(String alarmEmail) {
            this.alarmEmail = alarmEmail;
            return this;
        }

        public OperationsProps build() {
            return new OperationsProps(stage, data, router, apiStage, alarmEmail);
        }
    }
}
