package com.qrrouter.router;

import com.qrrouter.settings.PipelineSettings;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables the router function reads: the one place that names them. {@code infra/} and
 * {@code local/} set them; {@link RouterSettings#fromEnvironment(Map)} validates them at start.
 *
 * <p>Powertools reads its own variables ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_LOG_LEVEL}; the metrics
 * namespace is read here as well, to give it a default) and the SDK its endpoint overrides ({@code AWS_ENDPOINT_URL_DYNAMODB},
 * {@code AWS_ENDPOINT_URL_SQS}); they are not listed here.
 */
public enum RouterSetting {
    /** DynamoDB table with the routes: partition key {@code ClientID} (S), attribute {@code Topic} (S). */
    ROUTES_TABLE_NAME(null),
    /** DynamoDB table of the Powertools idempotency store: partition key {@code id} (S), TTL {@code expiration}. */
    IDEMPOTENCY_TABLE_NAME(null),
    /** URL of the dead-letter queue that permanent failures are parked in. */
    DEAD_LETTER_QUEUE_URL(null),
    /** MQTT topic prefix the stage may publish under, e.g. {@code qr-router/stag/}. */
    TOPIC_PREFIX(null),
    /** HTTPS URL of the account's {@code iot:Data-ATS} endpoint. */
    IOT_DATA_ENDPOINT(null),
    /** Seconds a route lookup (found or not found) is cached in memory. */
    ROUTE_CACHE_TTL_SECONDS(String.valueOf(PipelineSettings.ROUTE_CACHE_TTL.toSeconds())),
    /** Records of one batch processed at the same time. */
    RECORD_CONCURRENCY(String.valueOf(PipelineSettings.RECORD_CONCURRENCY)),
    /** Seconds within which the same scan (ClientID, QRCode, Time) is published once. */
    IDEMPOTENCY_WINDOW_SECONDS(String.valueOf(PipelineSettings.IDEMPOTENCY_WINDOW.toSeconds())),
    /** CloudWatch namespace of the EMF metrics (Powertools' variable; read here too so a missing one has a default). */
    POWERTOOLS_METRICS_NAMESPACE(RouterSettings.DEFAULT_METRICS_NAMESPACE);

    private final String defaultValue;

    RouterSetting(String defaultValue) {
        this.defaultValue = defaultValue;
    }

    /** The default used when the variable is not set; empty for required settings. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the function refuses to start without this variable. */
    public boolean required() {
        return defaultValue == null;
    }

    /** The value in {@code environment}, blank treated as unset, else the default. */
    Optional<String> read(Map<String, String> environment) {
        String value = environment.get(name());
        if (value == null || value.isBlank()) {
            return defaultValue();
        }
        return Optional.of(value.strip());
    }
}
