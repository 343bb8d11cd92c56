package com.qrrouter.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every environment variable of the router function, named here once (decision 0500): whether the function refuses to
 * start without it, its default, what it is and who reads it. The router reads its settings by these names
 * ({@code RouterSettings}); {@code infra/} (the Lambda), {@code local/} (the router's JVM), the tests and the benchmark
 * build the environment with {@link RouterEnvironment}, which writes every one of them. A test in each module fails if
 * an environment holds a variable that is not here, or lacks one that is.
 *
 * <p>Not here, because they are not ours: what the Lambda service sets on every function ({@code AWS_REGION},
 * credentials, {@code AWS_LAMBDA_FUNCTION_NAME}, memory...) and the SDK's endpoint overrides
 * ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS}) that the local stack adds (decision 0501).
 *
 * <p>The enum constant's {@link #name()} is the variable's name.
 */
public enum RouterVariable {
    /** DynamoDB table with the routes: partition key {@code ClientID} (S), attribute {@code Topic} (S). */
    ROUTES_TABLE_NAME(ReadBy.ROUTER, null, "the name of the DynamoDB routes table (key ClientID)"),
    /** DynamoDB table of the Powertools idempotency store: partition key {@code id} (S), TTL {@code expiration}. */
    IDEMPOTENCY_TABLE_NAME(ReadBy.ROUTER, null, "the name of the DynamoDB idempotency table (key id)"),
    /** URL of the dead-letter queue that permanent failures are parked in. */
    DEAD_LETTER_QUEUE_URL(ReadBy.ROUTER, null, "the URL of the router's dead-letter queue"),
    /**
     * URL of the queue the router consumes: a transiently failed record's visibility is shortened on it
     * ({@code ChangeMessageVisibility}), so it is retried in seconds, not after the whole visibility timeout.
     */
    SOURCE_QUEUE_URL(ReadBy.ROUTER, null, "the URL of the queue the router consumes"),
    /** MQTT topic prefix the stage may publish under, e.g. {@code qr-router/stag/}. */
    TOPIC_PREFIX(ReadBy.ROUTER, null, "the stage's MQTT topic prefix, e.g. qr-router/stag/"),
    /** HTTPS URL of the account's {@code iot:Data-ATS} endpoint (plain http only to loopback: the local stack). */
    IOT_DATA_ENDPOINT(ReadBy.ROUTER, null, "the https URL of the account's iot:Data-ATS endpoint"),
    /**
     * Seconds a found route is cached in memory; "not found" is never cached (decision 0208), so a route added before a
     * DLQ redrive is seen at once. 0 turns the cache off.
     */
    ROUTE_CACHE_TTL_SECONDS(
            ReadBy.ROUTER,
            Long.toString(PipelineSettings.ROUTE_CACHE_TTL.toSeconds()),
            "the seconds a found route is cached in memory (not-found is never cached), 0 for no cache"),
    /** Records of one batch processed at the same time. */
    RECORD_CONCURRENCY(
            ReadBy.ROUTER,
            Integer.toString(PipelineSettings.RECORD_CONCURRENCY),
            "the number of records of one batch processed at the same time"),
    /** Seconds within which the same scan ({@code ClientID}, {@code QRCode}, {@code Time}) is published once. */
    IDEMPOTENCY_WINDOW_SECONDS(
            ReadBy.ROUTER,
            Long.toString(PipelineSettings.IDEMPOTENCY_WINDOW.toSeconds()),
            "the seconds within which the same scan (ClientID, QRCode, Time) is published once"),
    /**
     * Seconds a scan may be old when routed, counted from when the API accepted it; older ones are parked as
     * {@code STALE_SCAN}. A route may set its own limit ({@code MaxScanAgeSeconds}).
     */
    MAX_SCAN_AGE_SECONDS(
            ReadBy.ROUTER,
            Long.toString(PipelineSettings.DEFAULT_MAX_SCAN_AGE.toSeconds()),
            "the seconds a scan may be old when routed (counted from when the API accepted it)"),
    /** CloudWatch namespace of the EMF metrics: Powertools' variable, read by the router too to give it a default. */
    POWERTOOLS_METRICS_NAMESPACE(
            ReadBy.ROUTER_AND_POWERTOOLS,
            PipelineSettings.METRICS_NAMESPACE,
            "the CloudWatch namespace of the EMF metrics"),
    /** Service name in every log line and the {@code Service} dimension of the metrics (read by Powertools only). */
    POWERTOOLS_SERVICE_NAME(
            ReadBy.POWERTOOLS,
            PipelineSettings.SERVICE_NAME,
            "the service name of the logs and the Service dimension of the metrics"),
    /** Level of the router's logs (read by Powertools only; a stage sets its own, e.g. DEBUG on dev). */
    POWERTOOLS_LOG_LEVEL(ReadBy.POWERTOOLS, "INFO", "the level of the router's logs");

    /** Who reads a variable inside the router function's process. */
    public enum ReadBy {
        /** The router's own code ({@code RouterSettings}), which validates it at start. */
        ROUTER,
        /** Powertools for AWS Lambda, which the router's jar carries, and the router too (for its default). */
        ROUTER_AND_POWERTOOLS,
        /** Powertools for AWS Lambda only; the router does not look at it. */
        POWERTOOLS
    }

    private final ReadBy readBy;
    private final String defaultValue;
    private final String description;

    RouterVariable(ReadBy readBy, String defaultValue, String description) {
        this.readBy = readBy;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** Who reads it. */
    public ReadBy readBy() {
        return readBy;
    }

    /** Whether the router's own code reads and validates it ({@code RouterSettings}). */
    public boolean readByRouter() {
        return readBy != ReadBy.POWERTOOLS;
    }

    /** Whether the function refuses to start without it: exactly the variables without a default. */
    public boolean required() {
        return defaultValue == null;
    }

    /**
     * The default: what the router uses when a variable it reads is unset, and what {@link RouterEnvironment} writes
     * when it is not given a value. Empty for a required variable. For a variable only Powertools reads, it is our
     * value, not Powertools' own fallback (which would be {@code service_undefined}, for instance).
     */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** What the variable holds, as a phrase that follows "set it to": for error messages and docs. */
    public String description() {
        return description;
    }

    /** The variables without a default, in catalogue order. */
    public static List<RouterVariable> requiredOnes() {
        return Arrays.stream(values()).filter(RouterVariable::required).toList();
    }

    /** Every variable's name, in catalogue order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(RouterVariable::name).toList();
    }
}
