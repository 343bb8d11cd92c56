package com.qrrouter.infra;

import com.qrrouter.settings.E2eNames;
import com.qrrouter.settings.PipelineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything that differs between the stages {@code dev}, {@code stag} and {@code prod}, typed and held in code so that
 * every stage is reviewed like any other change. Stage-independent settings (batch size, timeouts, scope) live in
 * {@link PipelineSettings}, shared with the local stack.
 *
 * <p><b>The defaults of every stage live here</b>, in {@link #forStage(String)}. A deployment may override some of
 * them without a code change through CDK context, e.g. {@code cdk deploy -c stage=prod -c maxConcurrency=50}: the API
 * throttle, the WAF rate limit, the maximum concurrency, the batching window, the scan age limit and the topic prefix ({@link
 * StageOverrides} lists the keys; docs/deploy.md, "Per-stage overrides"). An override replaces only its own value and
 * passes through the same validation as the defaults (this record's constructor), so a bad value fails the synthesis
 * with the stage, the value and what is allowed.
 *
 * @param stageName the stage: API Gateway stage name, part of stack name and Cognito domain
 * @param topicPrefix the MQTT topic prefix the router may publish under, ending in {@code /}; default {@link
 *     PipelineSettings#topicPrefix(String)}, e.g. {@code qr-router/stag/} (rules: {@link #topicPrefixProblem})
 * @param apiRateLimit API Gateway steady-state throttle, requests per second for the whole stage
 * @param apiBurstLimit API Gateway burst throttle
 * @param wafRequestsPerIpPerFiveMinutes WAF rate-based rule: requests one client IP may send in a 5-minute window
 * @param maxConcurrency maximum concurrent router invocations the SQS event source starts (protects IoT and DynamoDB)
 * @param batchingWindow how long the SQS event source may wait to fill a batch before it invokes the router, whole
 *     seconds; default {@link PipelineSettings#DEFAULT_BATCHING_WINDOW} (none: latency first, decision 0209)
 * @param maxScanAge how old a scan may be when the router routes it, counted from when the API accepted it (router
 *     {@code MAX_SCAN_AGE_SECONDS}; a route may set its own), whole seconds; default {@link
 *     PipelineSettings#DEFAULT_MAX_SCAN_AGE}. Older, it is parked as {@code STALE_SCAN}
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
        String topicPrefix,
        double apiRateLimit,
        int apiBurstLimit,
        long wafRequestsPerIpPerFiveMinutes,
        int maxConcurrency,
        Duration batchingWindow,
        Duration maxScanAge,
        RetentionDays logRetention,
        MethodLoggingLevel apiExecutionLogLevel,
        String functionLogLevel,
        boolean retainData,
        boolean terminationProtection,
        boolean e2eTesterPolicy) {

    /** Names of the stages this app knows, in promotion order. */
    public static final List<String> STAGES = List.of("dev", "stag", "prod");

    /**
     * Highest API Gateway steady-state rate, requests per second: the default account-level quota of a region (a
     * stage's throttle cannot serve more than the account's; raise the quota first, then this bound).
     */
    public static final double MAX_API_RATE_LIMIT = 10_000;

    /** Highest API Gateway burst: the default account-level burst quota of a region. */
    public static final int MAX_API_BURST_LIMIT = 5_000;

    /** WAF rate-based rules accept 10 to 2,000,000,000 requests per evaluation window. */
    public static final long MIN_WAF_REQUESTS_PER_IP = 10;

    /** Highest limit of a WAF rate-based rule. */
    public static final long MAX_WAF_REQUESTS_PER_IP = 2_000_000_000L;

    /** The SQS event source accepts a maximum concurrency of 2 to 1000. */
    public static final int MIN_MAX_CONCURRENCY = 2;

    /** Highest maximum concurrency of an SQS event source. */
    public static final int MAX_MAX_CONCURRENCY = 1_000;

    /** Longest batching window of an SQS event source (0 to 300 s, in whole seconds). */
    public static final Duration MAX_BATCHING_WINDOW = Duration.ofSeconds(300);

    /** Shortest scan age limit: the MQTT 5 message expiry the router sets is at least 1 s. */
    public static final Duration MIN_MAX_SCAN_AGE = Duration.ofSeconds(1);

    /**
     * Longest scan age limit, one hour: a scan stands for a person at a door, who has long gone after that; a scan
     * still queued then is an outage to fix (the queue's own alarms fire after 5 minutes), not a delivery to make.
     */
    public static final Duration MAX_MAX_SCAN_AGE = Duration.ofHours(1);

    /**
     * AWS IoT allows at most 7 slashes in a topic name. A prefix ending in {@code /} with 7 slashes leaves exactly one
     * level for the topic names under it.
     */
    public static final int MAX_TOPIC_PREFIX_LEVELS = 7;

    /**
     * AWS IoT topic names are at most 256 UTF-8 bytes; a prefix leaves room for at least a one-character name. Prefix
     * characters are ASCII, so characters and bytes are the same.
     */
    public static final int MAX_TOPIC_PREFIX_LENGTH = 255;

    /** Levels the e2e suite's topics add under the prefix ({@code <prefix>e2e/<name>}). */
    private static final int E2E_TOPIC_LEVELS =
            (int) E2eNames.TOPIC_SEGMENT.chars().filter(c -> c == '/').count();

    public StageConfig {
        PipelineSettings.requireStageName(stageName);
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(apiExecutionLogLevel, "apiExecutionLogLevel");
        Objects.requireNonNull(functionLogLevel, "functionLogLevel");
        Objects.requireNonNull(batchingWindow, "batchingWindow");
        Objects.requireNonNull(maxScanAge, "maxScanAge");
        if (!(apiRateLimit > 0 && apiRateLimit <= MAX_API_RATE_LIMIT)) {
            throw invalid(
                    stageName,
                    "API rate limit (apiRateLimit)",
                    number(apiRateLimit),
                    "more than 0 and at most " + number(MAX_API_RATE_LIMIT) + " requests per second");
        }
        if (apiBurstLimit < apiRateLimit || apiBurstLimit > MAX_API_BURST_LIMIT) {
            throw invalid(
                    stageName,
                    "API burst limit (apiBurstLimit)",
                    Integer.toString(apiBurstLimit),
                    "at least the rate limit (" + number(apiRateLimit) + ") and at most " + MAX_API_BURST_LIMIT
                            + " requests; raise the burst together with the rate");
        }
        if (wafRequestsPerIpPerFiveMinutes < MIN_WAF_REQUESTS_PER_IP
                || wafRequestsPerIpPerFiveMinutes > MAX_WAF_REQUESTS_PER_IP) {
            throw invalid(
                    stageName,
                    "WAF rate limit (wafRateLimit)",
                    Long.toString(wafRequestsPerIpPerFiveMinutes),
                    MIN_WAF_REQUESTS_PER_IP + " to " + MAX_WAF_REQUESTS_PER_IP + " requests per IP per 5 minutes");
        }
        if (maxConcurrency < MIN_MAX_CONCURRENCY || maxConcurrency > MAX_MAX_CONCURRENCY) {
            throw invalid(
                    stageName,
                    "maximum concurrency (maxConcurrency)",
                    Integer.toString(maxConcurrency),
                    MIN_MAX_CONCURRENCY + " to " + MAX_MAX_CONCURRENCY + " concurrent invocations");
        }
        if (batchingWindow.isNegative()
                || batchingWindow.compareTo(MAX_BATCHING_WINDOW) > 0
                || batchingWindow.getNano() != 0) {
            throw invalid(
                    stageName,
                    "batching window (batchingWindowSeconds)",
                    number(batchingWindow.toNanos() / 1e9) + " s",
                    "0 to " + MAX_BATCHING_WINDOW.toSeconds() + " whole seconds");
        }
        if (maxScanAge.compareTo(MIN_MAX_SCAN_AGE) < 0
                || maxScanAge.compareTo(MAX_MAX_SCAN_AGE) > 0
                || maxScanAge.getNano() != 0) {
            throw invalid(
                    stageName,
                    "scan age limit (maxScanAgeSeconds)",
                    number(maxScanAge.toNanos() / 1e9) + " s",
                    MIN_MAX_SCAN_AGE.toSeconds() + " to " + MAX_MAX_SCAN_AGE.toSeconds() + " whole seconds");
        }
        // The e2e suite writes routes and reads and deletes DLQ messages: never on a stage whose data is kept.
        if (e2eTesterPolicy && retainData) {
            throw new IllegalArgumentException("Stage " + stageName
                    + " retains its data (a production stage): it cannot offer the e2e tester policy");
        }
        Optional<String> prefixProblem = topicPrefixProblem(stageName, topicPrefix, e2eTesterPolicy);
        if (prefixProblem.isPresent()) {
            throw invalid(stageName, "topic prefix (topicPrefix)", "'" + topicPrefix + "'", prefixProblem.get());
        }
    }

    private static IllegalArgumentException invalid(String stage, String what, String value, String allowed) {
        return new IllegalArgumentException(
                String.format(Locale.ROOT, "The %s of stage %s is %s: use %s.", what, stage, value, allowed));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /**
     * Why {@code prefix} cannot be the topic prefix of stage {@code stageName}, or empty if it can. The rules are those
     * the router applies to its {@code TOPIC_PREFIX} (a valid AWS IoT publish topic once a name is appended: no
     * {@code +}, {@code #}, NUL, not {@code $}-reserved, at most 7 slashes and 256 bytes in all), narrowed for the IAM
     * policy and for operators:
     *
     * <ul>
     *   <li>ends with {@code /}; does not start with {@code /}; no empty level ({@code //});
     *   <li>levels of ASCII letters, digits, {@code -}, {@code _} and {@code .} only: {@code *} and {@code ?} are
     *       wildcards and {@code $} starts a policy variable in the IAM resource {@code topic/<prefix>*}, so they would
     *       widen {@code iot:Publish} beyond the prefix;
     *   <li>at most {@value #MAX_TOPIC_PREFIX_LEVELS} levels and {@value #MAX_TOPIC_PREFIX_LENGTH} characters, one
     *       level fewer on a stage with the e2e tester policy (its topics are {@code <prefix>e2e/<name>});
     *   <li>neither inside nor around the default prefix of another known stage, so one stage can never publish to
     *       another's devices (decision 0002).
     * </ul>
     */
    public static Optional<String> topicPrefixProblem(String stageName, String prefix, boolean e2eTesterPolicy) {
        String example = "e.g. " + PipelineSettings.topicPrefix(stageName) + " or acme/doors/" + stageName + "/";
        if (prefix == null || prefix.isEmpty()) {
            return Optional.of("a non-empty prefix ending in '/', " + example);
        }
        if (!prefix.endsWith("/")) {
            return Optional.of("a prefix that ends with '/' (" + prefix + "/), " + example);
        }
        if (prefix.startsWith("/")) {
            return Optional.of("a prefix that does not start with '/' (an empty first level), " + example);
        }
        if (prefix.contains("//")) {
            return Optional.of("a prefix without an empty level ('//'), " + example);
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!allowedInPrefix(c)) {
                return Optional.of(
                        "levels of ASCII letters, digits, '-', '_' and '.' only, not " + describe(c) + ", " + example);
            }
        }
        long levels = prefix.chars().filter(c -> c == '/').count();
        int maxLevels = MAX_TOPIC_PREFIX_LEVELS - (e2eTesterPolicy ? E2E_TOPIC_LEVELS : 0);
        if (levels > maxLevels) {
            return Optional.of("at most " + maxLevels + " levels, not " + levels + " (AWS IoT allows "
                    + MAX_TOPIC_PREFIX_LEVELS + " slashes in a topic"
                    + (e2eTesterPolicy ? ", and the e2e suite's topics add the level e2e/" : "") + "), " + example);
        }
        if (prefix.length() > MAX_TOPIC_PREFIX_LENGTH) {
            return Optional.of("at most " + MAX_TOPIC_PREFIX_LENGTH + " characters, not " + prefix.length()
                    + " (AWS IoT topics are at most 256 bytes), " + example);
        }
        for (String other : STAGES) {
            String theirs = PipelineSettings.topicPrefix(other);
            if (!other.equals(stageName) && (prefix.startsWith(theirs) || theirs.startsWith(prefix))) {
                return Optional.of("a prefix apart from stage " + other + "'s topics " + theirs
                        + " (one stage must not publish to another's devices), " + example);
            }
        }
        return Optional.empty();
    }

    private static boolean allowedInPrefix(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_./".indexOf(c) >= 0;
    }

    private static String describe(char c) {
        String code = String.format(Locale.ROOT, "U+%04X", (int) c);
        return switch (c) {
            case '+', '#' -> "'" + c + "' (an MQTT wildcard)";
            case '*', '?' -> "'" + c + "' (a wildcard in the IAM policy's topic ARN)";
            case '$' -> "'$' (reserved topics; a policy variable in IAM)";
            case '\u0000' -> "NUL";
            default -> Character.isISOControl(c) || Character.isWhitespace(c) ? code : "'" + c + "' (" + code + ")";
        };
    }

    /** The CloudFormation stack name of the stage, e.g. {@code QrRouter-stag}. */
    public String stackName() {
        return "QrRouter-" + stageName;
    }

    /** A builder that starts from this configuration: for overrides of single values. */
    public Builder toBuilder() {
        return new Builder(stageName)
                .topicPrefix(topicPrefix)
                .apiThrottling(apiRateLimit, apiBurstLimit)
                .wafRequestsPerIpPerFiveMinutes(wafRequestsPerIpPerFiveMinutes)
                .maxConcurrency(maxConcurrency)
                .batchingWindow(batchingWindow)
                .maxScanAge(maxScanAge)
                .logRetention(logRetention)
                .apiExecutionLogLevel(apiExecutionLogLevel)
                .functionLogLevel(functionLogLevel)
                .retainData(retainData)
                .terminationProtection(terminationProtection)
                .e2eTesterPolicy(e2eTesterPolicy);
    }

    /**
     * The configuration of a known stage: its defaults, before any CDK context override ({@link StageOverrides}).
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
                // Sized by the capacity model for 400 scans/s on average, 1,200/s at peak (docs/performance.md,
                // CapacityModel.recommendProd(); StageConfigTest keeps them equal).
                builder("prod")
                        .apiThrottling(1_800, 3_600)
                        .wafRequestsPerIpPerFiveMinutes(27_000)
                        .maxConcurrency(12)
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
     * Builds a {@link StageConfig}; defaults: the topic prefix {@code qr-router/<stage>/}, no batching window, INFO
     * logging, one month of logs, data deleted with the stack, the e2e tester policy present.
     */
    public static final class Builder {
        private final String stageName;
        private String topicPrefix;
        private double apiRateLimit = 10;
        private int apiBurstLimit = 20;
        private long wafRequestsPerIpPerFiveMinutes = 1_000;
        private int maxConcurrency = 2;
        private Duration batchingWindow = PipelineSettings.DEFAULT_BATCHING_WINDOW;
        private Duration maxScanAge = PipelineSettings.DEFAULT_MAX_SCAN_AGE;
        private RetentionDays logRetention = RetentionDays.ONE_MONTH;
        private MethodLoggingLevel apiExecutionLogLevel = MethodLoggingLevel.INFO;
        private String functionLogLevel = "INFO";
        private boolean retainData;
        private boolean terminationProtection;
        private boolean e2eTesterPolicy = true;

        private Builder(String stageName) {
            this.stageName = stageName;
        }

        /** The topic prefix; {@code null} (the default) is {@link PipelineSettings#topicPrefix(String)}. */
        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
            return this;
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

        public Builder batchingWindow(Duration batchingWindow) {
            this.batchingWindow = batchingWindow;
            return this;
        }

        public Builder maxScanAge(Duration maxScanAge) {
            this.maxScanAge = maxScanAge;
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
                    topicPrefix != null ? topicPrefix : PipelineSettings.topicPrefix(stageName),
                    apiRateLimit,
                    apiBurstLimit,
                    wafRequestsPerIpPerFiveMinutes,
                    maxConcurrency,
                    batchingWindow,
                    maxScanAge,
                    logRetention,
                    apiExecutionLogLevel,
                    functionLogLevel,
                    retainData,
                    terminationProtection,
                    e2eTesterPolicy);
        }
    }
}
