package com.qrrouter.infra;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-deployment overrides of a stage's defaults, read from CDK context: {@code cdk deploy -c stage=prod -c
 * maxConcurrency=50} deploys {@code prod} with its defaults ({@link StageConfig#forStage(String)}) except that one
 * value. Values arrive as strings ({@code -c key=value}) or as JSON numbers ({@code cdk.json}, {@code
 * cdk.context.json}); both are accepted. A value of the wrong type or out of range, and a key that looks like a
 * misspelt override (e.g. {@code maxconcurrency}), fail the synthesis with the key, the value, what is allowed and an
 * example, every problem at once.
 *
 * <p>The keys (docs/deploy.md, "Per-stage overrides"):
 *
 * <ul>
 *   <li>{@value #API_RATE_LIMIT}: API Gateway steady-state throttle, requests per second (decimals allowed)
 *   <li>{@value #API_BURST_LIMIT}: API Gateway burst, requests
 *   <li>{@value #WAF_RATE_LIMIT}: WAF rate-based rule, requests per client IP per 5 minutes
 *   <li>{@value #MAX_CONCURRENCY}: maximum concurrent router invocations of the SQS event source
 *   <li>{@value #BATCHING_WINDOW_SECONDS}: SQS event source batching window, whole seconds
 *   <li>{@value #MAX_SCAN_AGE_SECONDS}: how old a scan may be when routed, whole seconds
 *   <li>{@value #TOPIC_PREFIX}: the MQTT topic prefix the router may publish under
 * </ul>
 */
public final class StageOverrides {

    /** Context key of the API Gateway steady-state rate, requests per second. */
    public static final String API_RATE_LIMIT = "apiRateLimit";
    /** Context key of the API Gateway burst. */
    public static final String API_BURST_LIMIT = "apiBurstLimit";
    /** Context key of the WAF rate limit, requests per IP per 5 minutes. */
    public static final String WAF_RATE_LIMIT = "wafRateLimit";
    /** Context key of the event source's maximum concurrency. */
    public static final String MAX_CONCURRENCY = "maxConcurrency";
    /** Context key of the event source's batching window, whole seconds. */
    public static final String BATCHING_WINDOW_SECONDS = "batchingWindowSeconds";
    /** Context key of the scan age limit, whole seconds. */
    public static final String MAX_SCAN_AGE_SECONDS = "maxScanAgeSeconds";
    /** Context key of the topic prefix. */
    public static final String TOPIC_PREFIX = "topicPrefix";

    /** Every override key, in the order of docs/deploy.md. */
    public static final List<String> KEYS = List.of(
            API_RATE_LIMIT,
            API_BURST_LIMIT,
            WAF_RATE_LIMIT,
            MAX_CONCURRENCY,
            BATCHING_WINDOW_SECONDS,
            MAX_SCAN_AGE_SECONDS,
            TOPIC_PREFIX);

    private static final StageOverrides NONE = new StageOverrides(Map.of());

    /** Values by key in {@link #KEYS} order: Double, Integer, Long, {@link Duration} or String. */
    private final Map<String, Object> values;

    private StageOverrides(Map<String, Object> values) {
        this.values = values;
    }

    /** No override: {@link #applyTo} returns the defaults. */
    public static StageOverrides none() {
        return NONE;
    }

    /**
     * Reads the overrides out of the whole CDK context.
     *
     * @param context every context key and value ({@code app.getNode().getAllContext()})
     * @param otherKnownKeys context keys the app reads besides the overrides (e.g. {@code stage}): a key that looks
     *     like a misspelling of one of them is refused too, as it would be silently ignored
     * @throws IllegalArgumentException listing every invalid value and every misspelt key, with what to use instead
     */
    public static StageOverrides fromContext(Map<String, ?> context, Collection<String> otherKnownKeys) {
        Objects.requireNonNull(context, "context");
        List<String> known = new ArrayList<>(KEYS);
        known.addAll(otherKnownKeys);
        List<String> problems = new ArrayList<>();
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (String key : KEYS) {
            if (context.containsKey(key)) {
                Object value = parse(key, context.get(key), problems);
                if (value != null) {
                    parsed.put(key, value);
                }
            }
        }
        for (String key : context.keySet()) {
            if (!known.contains(key) && !isCdkOwnKey(key)) {
                nearest(key, known)
                        .ifPresent(meant -> problems.add(String.format(
                                Locale.ROOT,
                                "CDK context key '%s' is not known: did you mean '%s'? The app reads %s"
                                        + " (overrides: %s), e.g. cdk deploy -c stage=prod -c %s=%s",
                                key,
                                meant,
                                otherKnownKeys,
                                KEYS,
                                meant,
                                example(meant))));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid CDK context (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):\n- " + String.join("\n- ", problems));
        }
        return parsed.isEmpty() ? NONE : new StageOverrides(parsed);
    }

    /** Whether no override is set. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The stage's configuration with these overrides applied over {@code defaults}; every other value stays.
     *
     * @throws IllegalArgumentException if the result is not a valid stage (e.g. a rate above the unchanged burst), with
     *     the stage, the value and what is allowed
     */
    public StageConfig applyTo(StageConfig defaults) {
        StageConfig.Builder builder = defaults.toBuilder();
        builder.apiThrottling((Double) values.getOrDefault(API_RATE_LIMIT, defaults.apiRateLimit()), (Integer)
                values.getOrDefault(API_BURST_LIMIT, defaults.apiBurstLimit()));
        if (values.containsKey(WAF_RATE_LIMIT)) {
            builder.wafRequestsPerIpPerFiveMinutes((Long) values.get(WAF_RATE_LIMIT));
        }
        if (values.containsKey(MAX_CONCURRENCY)) {
            builder.maxConcurrency((Integer) values.get(MAX_CONCURRENCY));
        }
        if (values.containsKey(BATCHING_WINDOW_SECONDS)) {
            builder.batchingWindow((Duration) values.get(BATCHING_WINDOW_SECONDS));
        }
        if (values.containsKey(MAX_SCAN_AGE_SECONDS)) {
            builder.maxScanAge((Duration) values.get(MAX_SCAN_AGE_SECONDS));
        }
        if (values.containsKey(TOPIC_PREFIX)) {
            builder.topicPrefix((String) values.get(TOPIC_PREFIX));
        }
        return builder.build();
    }

    /**
     * What these overrides change against {@code defaults}, e.g. {@code maxConcurrency=50 (default 20)}; empty if
     * none is set.
     */
    public String describeAgainst(StageConfig defaults) {
        List<String> parts = new ArrayList<>();
        values.forEach((key, value) ->
                parts.add(key + "=" + shown(value) + " (default " + shown(defaultOf(key, defaults)) + ")"));
        return String.join(", ", parts);
    }

    private static Object defaultOf(String key, StageConfig defaults) {
        return switch (key) {
            case API_RATE_LIMIT -> defaults.apiRateLimit();
            case API_BURST_LIMIT -> defaults.apiBurstLimit();
            case WAF_RATE_LIMIT -> defaults.wafRequestsPerIpPerFiveMinutes();
            case MAX_CONCURRENCY -> defaults.maxConcurrency();
            case BATCHING_WINDOW_SECONDS -> defaults.batchingWindow();
            case MAX_SCAN_AGE_SECONDS -> defaults.maxScanAge();
            case TOPIC_PREFIX -> defaults.topicPrefix();
            default -> throw new IllegalStateException("no default for " + key);
        };
    }

    private static String shown(Object value) {
        if (value instanceof Duration duration) {
            return Long.toString(duration.toSeconds());
        }
        if (value instanceof Double number && number == Math.rint(number)) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }

    // ---- parsing -------------------------------------------------------------------------------------------------

    private static Object parse(String key, Object raw, List<String> problems) {
        if (raw == null) {
            problems.add(problem(key, "null", "has no value"));
            return null;
        }
        if (key.equals(TOPIC_PREFIX)) {
            if (!(raw instanceof String text) || text.isBlank()) {
                problems.add(problem(key, quoted(raw), "is not a topic prefix"));
                return null;
            }
            // The prefix rules depend on the stage (e2e level, other stages' prefixes): StageConfig checks them.
            return text;
        }
        BigDecimal number = number(raw);
        if (number == null) {
            problems.add(problem(key, quoted(raw), "is not a number"));
            return null;
        }
        boolean whole =
                key.equals(API_RATE_LIMIT) || number.stripTrailingZeros().scale() <= 0;
        if (!whole) {
            problems.add(problem(key, quoted(raw), "is not a whole number"));
            return null;
        }
        if (!inRange(key, number)) {
            problems.add(problem(key, quoted(raw), "is out of range"));
            return null;
        }
        return switch (key) {
            case API_RATE_LIMIT -> number.doubleValue();
            case API_BURST_LIMIT, MAX_CONCURRENCY -> number.intValueExact();
            case WAF_RATE_LIMIT -> number.longValueExact();
            case BATCHING_WINDOW_SECONDS, MAX_SCAN_AGE_SECONDS -> Duration.ofSeconds(number.longValueExact());
            default -> throw new IllegalStateException("no parser for " + key);
        };
    }

    private static String problem(String key, String value, String what) {
        return String.format(
                Locale.ROOT,
                "CDK context %s=%s %s: use %s, e.g. cdk deploy -c stage=prod -c %s=%s",
                key,
                value,
                what,
                allowed(key),
                key,
                example(key));
    }

    /** A JSON number as it is, a string if it is a plain decimal number (no NaN, no suffix, no hex), else null. */
    private static BigDecimal number(Object raw) {
        if (raw instanceof Number n) {
            if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return null;
            }
            return new BigDecimal(n.toString());
        }
        if (raw instanceof String text && text.strip().matches("[+-]?\\d+(\\.\\d+)?")) {
            return new BigDecimal(text.strip());
        }
        return null;
    }

    private static boolean inRange(String key, BigDecimal number) {
        return switch (key) {
            case API_RATE_LIMIT ->
                number.signum() > 0 && number.compareTo(BigDecimal.valueOf(StageConfig.MAX_API_RATE_LIMIT)) <= 0;
            case API_BURST_LIMIT -> between(number, 1, StageConfig.MAX_API_BURST_LIMIT);
            case WAF_RATE_LIMIT ->
                between(number, StageConfig.MIN_WAF_REQUESTS_PER_IP, StageConfig.MAX_WAF_REQUESTS_PER_IP);
            case MAX_CONCURRENCY -> between(number, StageConfig.MIN_MAX_CONCURRENCY, StageConfig.MAX_MAX_CONCURRENCY);
            case BATCHING_WINDOW_SECONDS -> between(number, 0, StageConfig.MAX_BATCHING_WINDOW.toSeconds());
            case MAX_SCAN_AGE_SECONDS ->
                between(number, StageConfig.MIN_MAX_SCAN_AGE.toSeconds(), StageConfig.MAX_MAX_SCAN_AGE.toSeconds());
            default -> throw new IllegalStateException("no range for " + key);
        };
    }

    private static boolean between(BigDecimal number, long min, long max) {
        return number.compareTo(BigDecimal.valueOf(min)) >= 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static String allowed(String key) {
        return switch (key) {
            case API_RATE_LIMIT ->
                "requests per second, more than 0 and at most " + (long) StageConfig.MAX_API_RATE_LIMIT
                        + ", no more than the burst (" + API_BURST_LIMIT + ")";
            case API_BURST_LIMIT ->
                "a whole number of requests from the rate (" + API_RATE_LIMIT + ") to "
                        + StageConfig.MAX_API_BURST_LIMIT;
            case WAF_RATE_LIMIT ->
                "requests per client IP per 5 minutes, a whole number from " + StageConfig.MIN_WAF_REQUESTS_PER_IP
                        + " to " + StageConfig.MAX_WAF_REQUESTS_PER_IP;
            case MAX_CONCURRENCY ->
                "concurrent router invocations, a whole number from " + StageConfig.MIN_MAX_CONCURRENCY + " to "
                        + StageConfig.MAX_MAX_CONCURRENCY;
            case BATCHING_WINDOW_SECONDS ->
                "whole seconds from 0 (none: each poll invokes at once) to "
                        + StageConfig.MAX_BATCHING_WINDOW.toSeconds();
            case MAX_SCAN_AGE_SECONDS ->
                "whole seconds from " + StageConfig.MIN_MAX_SCAN_AGE.toSeconds() + " to "
                        + StageConfig.MAX_MAX_SCAN_AGE.toSeconds()
                        + " that a scan may wait between the API and the router (older ones are parked as STALE_SCAN)";
            case TOPIC_PREFIX -> "an MQTT topic prefix ending in '/': levels of letters, digits, '-', '_', '.'";
            default -> "one of " + KEYS;
        };
    }

    private static String example(String key) {
        return switch (key) {
            case API_RATE_LIMIT -> "150";
            case API_BURST_LIMIT -> "300";
            case WAF_RATE_LIMIT -> "10000";
            case MAX_CONCURRENCY -> "50";
            case BATCHING_WINDOW_SECONDS -> "1";
            case MAX_SCAN_AGE_SECONDS -> "30";
            case TOPIC_PREFIX -> "acme/doors/prod/";
            case QrRouterApp.STAGE_CONTEXT -> "prod";
            case QrRouterApp.ROUTER_JAR_CONTEXT -> "/path/to/router-function.jar";
            case QrRouterApp.ALARM_EMAIL_CONTEXT -> "ops@example.com";
            default -> "…";
        };
    }

    private static String quoted(Object raw) {
        return raw instanceof String ? "'" + raw + "'" : raw + " (" + kind(raw) + ")";
    }

    private static String kind(Object raw) {
        if (raw instanceof Boolean) {
            return "a JSON boolean";
        }
        if (raw instanceof Map<?, ?>) {
            return "a JSON object";
        }
        if (raw instanceof List<?>) {
            return "a JSON array";
        }
        return "a JSON number";
    }

    // ---- misspelt keys -------------------------------------------------------------------------------------------

    /** Keys of the CDK itself and of feature flags ({@code aws:cdk:…}, {@code @aws-cdk/…}): never ours. */
    private static boolean isCdkOwnKey(String key) {
        return key.startsWith("@") || key.indexOf(':') >= 0 || key.indexOf('/') >= 0;
    }

    /**
     * The known key that {@code key} most likely misspells: the same letters in another case or with separators
     * ({@code maxconcurrency}, {@code max-concurrency}, {@code MAX_CONCURRENCY}), or one or two letters off ({@code
     * maxConcurency}; one for keys under 8 letters).
     */
    private static Optional<String> nearest(String key, List<String> known) {
        String normalized = normalize(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String target = normalize(candidate);
            int distance = distance(normalized, target);
            int tolerated = target.length() < 8 ? 1 : 2;
            if (distance <= tolerated && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
