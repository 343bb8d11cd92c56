package com.qrrouter.settings;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds the router function's environment from typed values: the one way {@code infra/} (the Lambda's variables),
 * {@code local/} (the router's JVM), the tests and the benchmark fill it (decision 0500).
 *
 * <p>The map holds every {@link RouterVariable}, in catalogue order: the required ones as given, every other one as
 * given or else its {@linkplain RouterVariable#defaultValue() default}, so a deployed function shows the value it runs
 * with. Values are passed through unchecked (in {@code infra/} they are CloudFormation tokens); the router validates
 * them at start and names every problem ({@code RouterSettings}).
 *
 * <pre>{@code
 * Map<String, String> env = RouterEnvironment.builder()
 *         .routesTableName("qr-router-stag-routes")
 *         .idempotencyTableName("qr-router-stag-idempotency")
 *         .deadLetterQueueUrl(dlqUrl)
 *         .sourceQueueUrl(queueUrl)
 *         .topicPrefix(PipelineSettings.topicPrefix("stag"))
 *         .iotDataEndpoint("https://abc123-ats.iot.eu-west-1.amazonaws.com")
 *         .build();
 * }</pre>
 */
public final class RouterEnvironment {

    private RouterEnvironment() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Values by variable; {@link #build()} refuses a missing required one. */
    public static final class Builder {

        private final Map<RouterVariable, String> values = new EnumMap<>(RouterVariable.class);

        private Builder() {}

        /** {@link RouterVariable#ROUTES_TABLE_NAME}: required. */
        public Builder routesTableName(String tableName) {
            return set(RouterVariable.ROUTES_TABLE_NAME, tableName);
        }

        /** {@link RouterVariable#IDEMPOTENCY_TABLE_NAME}: required. */
        public Builder idempotencyTableName(String tableName) {
            return set(RouterVariable.IDEMPOTENCY_TABLE_NAME, tableName);
        }

        /** {@link RouterVariable#DEAD_LETTER_QUEUE_URL}: required. */
        public Builder deadLetterQueueUrl(String queueUrl) {
            return set(RouterVariable.DEAD_LETTER_QUEUE_URL, queueUrl);
        }

        /** {@link RouterVariable#SOURCE_QUEUE_URL}: required, the URL of the queue the router consumes. */
        public Builder sourceQueueUrl(String queueUrl) {
            return set(RouterVariable.SOURCE_QUEUE_URL, queueUrl);
        }

        /** {@link RouterVariable#TOPIC_PREFIX}: required, e.g. {@link PipelineSettings#topicPrefix(String)}. */
        public Builder topicPrefix(String prefix) {
            return set(RouterVariable.TOPIC_PREFIX, prefix);
        }

        /** {@link RouterVariable#IOT_DATA_ENDPOINT}: required, {@code https://…-ats.iot.<region>.amazonaws.com}. */
        public Builder iotDataEndpoint(String url) {
            return set(RouterVariable.IOT_DATA_ENDPOINT, url);
        }

        /** {@link RouterVariable#ROUTE_CACHE_TTL_SECONDS}, whole seconds; default {@link PipelineSettings#ROUTE_CACHE_TTL}. */
        public Builder routeCacheTtl(Duration ttl) {
            return set(
                    RouterVariable.ROUTE_CACHE_TTL_SECONDS, wholeSeconds(RouterVariable.ROUTE_CACHE_TTL_SECONDS, ttl));
        }

        /** {@link RouterVariable#RECORD_CONCURRENCY}; default {@link PipelineSettings#RECORD_CONCURRENCY}. */
        public Builder recordConcurrency(int records) {
            return set(RouterVariable.RECORD_CONCURRENCY, Integer.toString(records));
        }

        /**
         * {@link RouterVariable#IDEMPOTENCY_WINDOW_SECONDS}, whole seconds; default
         * {@link PipelineSettings#IDEMPOTENCY_WINDOW}.
         */
        public Builder idempotencyWindow(Duration window) {
            return set(
                    RouterVariable.IDEMPOTENCY_WINDOW_SECONDS,
                    wholeSeconds(RouterVariable.IDEMPOTENCY_WINDOW_SECONDS, window));
        }

        /**
         * {@link RouterVariable#MAX_SCAN_AGE_SECONDS}, whole seconds; default {@link PipelineSettings#DEFAULT_MAX_SCAN_AGE}.
         */
        public Builder maxScanAge(Duration age) {
            return set(RouterVariable.MAX_SCAN_AGE_SECONDS, wholeSeconds(RouterVariable.MAX_SCAN_AGE_SECONDS, age));
        }

        /** {@link RouterVariable#POWERTOOLS_METRICS_NAMESPACE}; default {@link PipelineSettings#METRICS_NAMESPACE}. */
        public Builder metricsNamespace(String namespace) {
            return set(RouterVariable.POWERTOOLS_METRICS_NAMESPACE, namespace);
        }

        /** {@link RouterVariable#POWERTOOLS_SERVICE_NAME}; default {@link PipelineSettings#SERVICE_NAME}. */
        public Builder serviceName(String serviceName) {
            return set(RouterVariable.POWERTOOLS_SERVICE_NAME, serviceName);
        }

        /** {@link RouterVariable#POWERTOOLS_LOG_LEVEL}, e.g. {@code DEBUG}; default {@code INFO}. */
        public Builder logLevel(String level) {
            return set(RouterVariable.POWERTOOLS_LOG_LEVEL, level);
        }

        /**
         * The environment: every variable of the catalogue, in its order.
         *
         * @return a new unmodifiable map
         * @throws IllegalStateException naming every required variable that was not given and what it holds
         */
        public Map<String, String> build() {
            List<RouterVariable> missing = RouterVariable.requiredOnes().stream()
                    .filter(variable -> !values.containsKey(variable))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("The router's environment lacks "
                        + missing.stream()
                                .map(variable -> variable.name() + " (" + variable.description() + ")")
                                .collect(Collectors.joining(", "))
                        + ": give " + (missing.size() == 1 ? "it" : "each one") + " to RouterEnvironment.builder().");
            }
            Map<String, String> environment = new LinkedHashMap<>();
            for (RouterVariable variable : RouterVariable.values()) {
                environment.put(
                        variable.name(),
                        values.getOrDefault(variable, variable.defaultValue().orElse(null)));
            }
            return Collections.unmodifiableMap(environment);
        }

        private Builder set(RouterVariable variable, String value) {
            Objects.requireNonNull(value, variable.name());
            if (value.isBlank()) {
                throw new IllegalArgumentException(
                        variable.name() + " must not be blank: give " + variable.description() + ".");
            }
            values.put(variable, value);
            return this;
        }

        private static String wholeSeconds(RouterVariable variable, Duration duration) {
            Objects.requireNonNull(duration, variable.name());
            if (duration.getNano() != 0) {
                throw new IllegalArgumentException(variable.name() + " is set in whole seconds, not " + duration + ".");
            }
            return Long.toString(duration.toSeconds());
        }
    }
}
