package com.qrrouter.router;

import com.qrrouter.router.exception.RouterConfigurationException;
import com.qrrouter.router.internal.TopicPolicy;
import com.qrrouter.settings.RouterVariable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validated runtime settings of the router function, read by the names of {@link RouterVariable} (pipeline-settings,
 * where every variable of the router is named once with whether it is required and its default).
 *
 * @param routesTableName DynamoDB routes table
 * @param idempotencyTableName DynamoDB idempotency table
 * @param deadLetterQueueUrl URL of the DLQ that permanent failures are parked in
 * @param sourceQueueUrl URL of the queue the router consumes (a retried record's visibility is shortened on it)
 * @param topicPrefix allowed MQTT topic prefix, ends in {@code /}
 * @param iotDataEndpoint the IoT data-plane endpoint
 * @param routeCacheTtl how long a route lookup is cached
 * @param recordConcurrency records processed at the same time
 * @param idempotencyWindow how long a published scan is remembered
 * @param metricsNamespace CloudWatch namespace of the metrics
 * @param maxScanAge how old a scan may be when routed, unless its route sets its own limit
 */
public record RouterSettings(
        String routesTableName,
        String idempotencyTableName,
        URI deadLetterQueueUrl,
        URI sourceQueueUrl,
        String topicPrefix,
        URI iotDataEndpoint,
        Duration routeCacheTtl,
        int recordConcurrency,
        Duration idempotencyWindow,
        String metricsNamespace,
        Duration maxScanAge) {

    static final int MAX_RECORD_CONCURRENCY = 100;
    static final long MAX_ROUTE_CACHE_TTL_SECONDS = 3_600;
    static final long MIN_IDEMPOTENCY_WINDOW_SECONDS = 60;
    static final long MAX_IDEMPOTENCY_WINDOW_SECONDS = Duration.ofDays(14).toSeconds();
    static final long MAX_SCAN_AGE_LIMIT_SECONDS = Duration.ofHours(1).toSeconds();

    public RouterSettings {
        Objects.requireNonNull(routesTableName, "routesTableName");
        Objects.requireNonNull(idempotencyTableName, "idempotencyTableName");
        Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        Objects.requireNonNull(sourceQueueUrl, "sourceQueueUrl");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(iotDataEndpoint, "iotDataEndpoint");
        Objects.requireNonNull(routeCacheTtl, "routeCacheTtl");
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        Objects.requireNonNull(metricsNamespace, "metricsNamespace");
        Objects.requireNonNull(maxScanAge, "maxScanAge");
    }

    /** Reads and validates every variable the router reads ({@link RouterVariable#readByRouter()}) from the process. */
    public static RouterSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads and validates every variable the router reads ({@link RouterVariable#readByRouter()}) from the given
     * environment; a blank value counts as unset, and an unset one takes the catalogue's default.
     *
     * @throws RouterConfigurationException listing every missing or invalid variable, with what is expected
     */
    public static RouterSettings fromEnvironment(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Reader reader = new Reader(environment, problems);
        String routesTable = reader.read(RouterVariable.ROUTES_TABLE_NAME, RouterSettings::tableName);
        String idempotencyTable = reader.read(RouterVariable.IDEMPOTENCY_TABLE_NAME, RouterSettings::tableName);
        URI deadLetterQueue = reader.read(RouterVariable.DEAD_LETTER_QUEUE_URL, RouterSettings::httpUrl);
        URI sourceQueue = reader.read(RouterVariable.SOURCE_QUEUE_URL, RouterSettings::httpUrl);
        String prefix = reader.read(RouterVariable.TOPIC_PREFIX, RouterSettings::topicPrefix);
        URI iotEndpoint = reader.read(RouterVariable.IOT_DATA_ENDPOINT, RouterSettings::httpUrl);
        Long ttl = reader.read(
                RouterVariable.ROUTE_CACHE_TTL_SECONDS, value -> number(value, 0, MAX_ROUTE_CACHE_TTL_SECONDS));
        Long concurrency =
                reader.read(RouterVariable.RECORD_CONCURRENCY, value -> number(value, 1, MAX_RECORD_CONCURRENCY));
        Long window = reader.read(
                RouterVariable.IDEMPOTENCY_WINDOW_SECONDS,
                value -> number(value, MIN_IDEMPOTENCY_WINDOW_SECONDS, MAX_IDEMPOTENCY_WINDOW_SECONDS));
        Long maxAge =
                reader.read(RouterVariable.MAX_SCAN_AGE_SECONDS, value -> number(value, 1, MAX_SCAN_AGE_LIMIT_SECONDS));
        String namespace = reader.read(RouterVariable.POWERTOOLS_METRICS_NAMESPACE, RouterSettings::metricsNamespace);
        if (!problems.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }
        return new RouterSettings(
                routesTable,
                idempotencyTable,
                deadLetterQueue,
                sourceQueue,
                prefix,
                iotEndpoint,
                Duration.ofSeconds(ttl),
                concurrency.intValue(),
                Duration.ofSeconds(window),
                namespace,
                Duration.ofSeconds(maxAge));
    }

    private record Reader(Map<String, String> environment, List<String> problems) {
        <T> T read(RouterVariable variable, Function<String, T> parser) {
            Optional<String> value = valueOf(variable);
            if (value.isEmpty()) {
                problems.add(variable.name() + " is not set: set it to " + variable.description() + ".");
                return null;
            }
            try {
                return parser.apply(value.get());
            } catch (IllegalArgumentException e) {
                problems.add(variable.name() + " is invalid: " + e.getMessage());
                return null;
            }
        }

        /** The value in the environment, blank treated as unset, else the default. */
        private Optional<String> valueOf(RouterVariable variable) {
            String value = environment.get(variable.name());
            if (value == null || value.isBlank()) {
                return variable.defaultValue();
            }
            return Optional.of(value.strip());
        }
    }

    private static String tableName(String value) {
        if (!value.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "'%s' is not a DynamoDB table name (3 to 255 characters: letters, digits, '_', '-', '.').",
                    value));
        }
        return value;
    }

    private static URI httpUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason() + ".", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not an absolute http(s) URL with a host, e.g. https://example.com.");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(
                    "'" + value + "' uses plain http to a remote host; use https (plain http is for loopback only).");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static String topicPrefix(String value) {
        if (!value.endsWith("/")) {
            throw new IllegalArgumentException("'" + value + "' must end with '/', e.g. qr-router/stag/.");
        }
        Optional<String> problem = TopicPolicy.topicSyntaxProblem(value + "x");
        if (problem.isPresent()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid MQTT topic prefix: " + problem.get());
        }
        return value;
    }

    private static String metricsNamespace(String value) {
        if (!value.matches("[A-Za-z0-9.\\-_/#:]{1,255}") || value.startsWith("AWS/")) {
            throw new IllegalArgumentException("'" + value + "' is not a CloudWatch namespace for custom metrics"
                    + " (1 to 255 of A-Z a-z 0-9 . - _ / # :, not starting with AWS/).");
        }
        return value;
    }

    private static Long number(String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number.", e);
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%d is out of range; use %d to %d.", number, min, max));
        }
        return number;
    }
}
