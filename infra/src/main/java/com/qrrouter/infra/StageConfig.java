package com.qrrouter.infra;

import com.qrrouter.settings.PipelineSettings;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything that differs between the stages {@code dev}, {@code stag} and {@code prod}, typed and held in code so that
 * every stage is reviewed like any other change. Stage-independent settings (batch size, timeouts, scope, topic
 * prefix) live in {@link PipelineSettings}, shared with the local stack.
 *
 * @param stageName the stage: API Gateway stage name, part of stack name, topic prefix and Cognito domain
 * @param apiRateLimit API Gateway steady-state throttle, requests per second for the whole stage
 * @param apiBurstLimit API Gateway burst throttle
 * @param wafRequestsPerIpPerFiveMinutes WAF rate-based rule: requests one client IP may send in a 5-minute window
 * @param maxConcurrency maximum concurrent router invocations the SQS event source starts (protects IoT and DynamoDB)
 * @param logRetention retention of every log group of the stage
 * @param apiExecutionLogLevel API Gateway execution log level (data tracing is always off: bodies carry QR codes)
 * @param functionLogLevel Powertools log level of the router function
 * @param retainData whether stateful resources (key, queues, tables, user pool) survive a stack deletion, with
 *     deletion protection where the service offers it
 * @param terminationProtection whether the stack itself is protected against deletion
 * @param e2eTesterPolicy whether the stack creates the managed policy a tester attaches to run the e2e suite against
 *     the stage ({@code -Pe2e}, docs/deploy.md); never on a stage that retains data
 */
public record StageConfig(
        String stageName,
        double apiRateLimit,
        int apiBurstLimit,
        long wafRequestsPerIpPerFiveMinutes,
        int maxConcurrency,
        RetentionDays logRetention,
        MethodLoggingLevel apiExecutionLogLevel,
        String functionLogLevel,
        boolean retainData,
        boolean terminationProtection,
        boolean e2eTesterPolicy) {

    /** Names of the stages this app knows, in promotion order. */
    public static final List<String> STAGES = List.of("dev", "stag", "prod");

    public StageConfig {
        PipelineSettings.requireStageName(stageName);
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(apiExecutionLogLevel, "apiExecutionLogLevel");
        Objects.requireNonNull(functionLogLevel, "functionLogLevel");
        if (apiRateLimit <= 0 || apiBurstLimit < apiRateLimit) {
            throw new IllegalArgumentException("API throttling of stage " + stageName
                    + " needs a positive rate and a burst at least as large as the rate");
        }
        // WAF rate-based rules accept 10 to 2,000,000,000 requests per evaluation window.
        if (wafRequestsPerIpPerFiveMinutes < 10) {
            throw new IllegalArgumentException("WAF rate limit of stage " + stageName + " must be at least 10");
        }
        // The SQS event source accepts a maximum concurrency of 2 to 1000.
        if (maxConcurrency < 2 || maxConcurrency > 1000) {
            throw new IllegalArgumentException("maxConcurrency of stage " + stageName + " must be 2 to 1000");
        }
        // The e2e suite writes routes and reads and deletes DLQ messages: never on a stage whose data is kept.
        if (e2eTesterPolicy && retainData) {
            throw new IllegalArgumentException("Stage " + stageName
                    + " retains its data (a production stage): it cannot offer the e2e tester policy");
        }
    }

    /** The topic prefix the stage may publish under, e.g. {@code qr-router/stag/}. */
    public String topicPrefix() {
        return PipelineSettings.topicPrefix(stageName);
    }

    /** The CloudFormation stack name of the stage, e.g. {@code QrRouter-stag}. */
    public String stackName() {
        return "QrRouter-" + stageName;
    }

    /**
     * The configuration of a known stage.
     *
     * @throws IllegalArgumentException naming the known stages, if {@code stage} is not one of them
     */
    public static StageConfig forStage(String stage) {
        return switch (stage == null ? "" : stage) {
            case "dev" ->
                builder("dev")
                        .apiThrottling(10, 20)
                        .wafRequestsPerIpPerFiveMinutes(1_000)
                        .maxConcurrency(2)
                        .logRetention(RetentionDays.ONE_WEEK)
                        .apiExecutionLogLevel(MethodLoggingLevel.INFO)
                        .functionLogLevel("DEBUG")
                        .build();
            case "stag" ->
                builder("stag")
                        .apiThrottling(25, 50)
                        .wafRequestsPerIpPerFiveMinutes(2_000)
                        .maxConcurrency(5)
                        .logRetention(RetentionDays.ONE_MONTH)
                        .build();
            case "prod" ->
                builder("prod")
                        .apiThrottling(100, 200)
                        .wafRequestsPerIpPerFiveMinutes(6_000)
                        .maxConcurrency(20)
                        .logRetention(RetentionDays.SIX_MONTHS)
                        .apiExecutionLogLevel(MethodLoggingLevel.ERROR)
                        .retainData(true)
                        .terminationProtection(true)
                        .e2eTesterPolicy(false)
                        .build();
            default ->
                throw new IllegalArgumentException(
                        "Unknown stage '" + stage + "': use one of " + STAGES + ", e.g. cdk deploy -c stage=stag");
        };
    }

    /** A builder for the stage {@code stageName}; the defaults are those of a non-production stage. */
    public static Builder builder(String stageName) {
        return new Builder(stageName);
    }

    /**
     * Builds a {@link StageConfig}; defaults: INFO logging, one month of logs, data deleted with the stack, the e2e
     * tester policy present.
     */
    public static final class Builder {
        private final String stageName;
        private double apiRateLimit = 10;
        private int apiBurstLimit = 20;
        private long wafRequestsPerIpPerFiveMinutes = 1_000;
        private int maxConcurrency = 2;
        private RetentionDays logRetention = RetentionDays.ONE_MONTH;
        private MethodLoggingLevel apiExecutionLogLevel = MethodLoggingLevel.INFO;
        private String functionLogLevel = "INFO";
        private boolean retainData;
        private boolean terminationProtection;
        private boolean e2eTesterPolicy = true;

        private Builder(String stageName) {
            this.stageName = stageName;
        }

        public Builder apiThrottling(double rateLimit, int burstLimit) {
            this.apiRateLimit = rateLimit;
            this.apiBurstLimit = burstLimit;
            return this;
        }

        public Builder wafRequestsPerIpPerFiveMinutes(long limit) {
            this.wafRequestsPerIpPerFiveMinutes = limit;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        public Builder apiExecutionLogLevel(MethodLoggingLevel level) {
            this.apiExecutionLogLevel = level;
            return this;
        }

        public Builder functionLogLevel(String level) {
            this.functionLogLevel = level;
            return this;
        }

        public Builder retainData(boolean retainData) {
            this.retainData = retainData;
            return this;
        }

        public Builder terminationProtection(boolean terminationProtection) {
            this.terminationProtection = terminationProtection;
            return this;
        }

        public Builder e2eTesterPolicy(boolean e2eTesterPolicy) {
            this.e2eTesterPolicy = e2eTesterPolicy;
            return this;
        }

        public StageConfig build() {
            return new StageConfig(
                    stageName,
                    apiRateLimit,
                    apiBurstLimit,
                    wafRequestsPerIpPerFiveMinutes,
                    maxConcurrency,
                    logRetention,
                    apiExecutionLogLevel,
                    functionLogLevel,
                    retainData,
                    terminationProtection,
                    e2eTesterPolicy);
        }
    }
}
