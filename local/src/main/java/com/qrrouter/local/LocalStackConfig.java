package com.qrrouter.local;

import com.qrrouter.settings.PipelineSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the local stack runs: its ports (all on 127.0.0.1; {@code 0} picks a free one), the settings of the local stage
 * that {@code infra/} types per stage (throttling, maximum concurrency, batching window; batch size too), and where the
 * router jar is, and fixed secrets for the teams' machine clients. Their defaults and the stage-independent settings
 * (maxReceiveCount, retention, scope, topic prefix) come from {@link PipelineSettings}.
 */
public final class LocalStackConfig {

    /** The stage name of the local stack: topics live under {@code qr-router/local/}. */
    public static final String DEFAULT_STAGE = "local";

    public static final int DEFAULT_API_PORT = 8080;
    public static final int DEFAULT_TOKEN_PORT = 9229;
    public static final int DEFAULT_SQS_PORT = 9324;
    public static final int DEFAULT_DYNAMODB_PORT = 8000;
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_IOT_DATA_PORT = 8090;

    /** Local stage throttling: generous for a developer, still a bucket that answers 429 when emptied. */
    public static final double DEFAULT_API_RATE_LIMIT = 50;

    public static final int DEFAULT_API_BURST_LIMIT = 100;

    /** As the Cognito app client in {@code infra/}. */
    public static final Duration DEFAULT_TOKEN_VALIDITY = PipelineSettings.ACCESS_TOKEN_VALIDITY;

    /** As the router function in {@code infra/}. */
    public static final int DEFAULT_ROUTER_MEMORY_MB = PipelineSettings.FUNCTION_MEMORY_MB;

    /** Batches in flight at once by default: the {@code dev} stage's maximum concurrency, and AWS's minimum. */
    public static final int DEFAULT_MAX_CONCURRENCY = 2;

    /** The largest batch size the SQS event source takes from a standard queue. */
    public static final int MAX_BATCH_SIZE = 10_000;

    /** The longest batching window the SQS event source takes. */
    public static final Duration MAX_BATCHING_WINDOW = Duration.ofSeconds(300);

    /** How long an unused router JVM is kept (all but one) before it is shut down. */
    public static final Duration ENVIRONMENT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The shortest router timeout that leaves time for a call: 8 s SDK call timeout + 1.5 s answer margin + 0.5 s. */
    public static final Duration MIN_FUNCTION_TIMEOUT = Duration.ofSeconds(10);

    /** Where the router jar is searched for when none is given, relative to the working directory. */
    static final List<Path> ROUTER_JAR_CANDIDATES = List.of(
            Path.of("router-function", "target", "router-function.jar"),
            Path.of("..", "router-function", "target", "router-function.jar"));

    private final String stage;
    private final int apiPort;
    private final int tokenPort;
    private final int sqsPort;
    private final int dynamoDbPort;
    private final int mqttPort;
    private final int iotDataPort;
    private final double apiRateLimit;
    private final int apiBurstLimit;
    private final Duration tokenValidity;
    private final Duration routeCacheTtl;
    private final Duration visibilityTimeout;
    private final Duration functionTimeout;
    private final int maxConcurrency;
    private final int batchSize;
    private final Duration batchingWindow;
    private final Path routerJar;
    private final int routerMemoryMb;
    private final PrintStream routerOutput;
    private final Map<String, String> teamSecrets;
    private final boolean faultInjection;

    private LocalStackConfig(Builder builder) {
        this.stage = PipelineSettings.requireStageName(builder.stage);
        this.apiPort = port(builder.apiPort, "api");
        this.tokenPort = port(builder.tokenPort, "token");
        this.sqsPort = port(builder.sqsPort, "sqs");
        this.dynamoDbPort = port(builder.dynamoDbPort, "dynamodb");
        this.mqttPort = port(builder.mqttPort, "mqtt");
        this.iotDataPort = port(builder.iotDataPort, "iot-data");
        if (builder.apiRateLimit <= 0 || builder.apiBurstLimit < 1) {
            throw new IllegalArgumentException("API throttling needs a positive rate and a burst of at least 1");
        }
        this.apiRateLimit = builder.apiRateLimit;
        this.apiBurstLimit = builder.apiBurstLimit;
        this.tokenValidity = positive(builder.tokenValidity, "token validity");
        this.routeCacheTtl = Objects.requireNonNull(builder.routeCacheTtl, "routeCacheTtl");
        this.visibilityTimeout = positive(builder.visibilityTimeout, "visibility timeout");
        this.functionTimeout = positive(builder.functionTimeout, "function timeout");
        if (builder.maxConcurrency < 2 || builder.maxConcurrency > 1000) {
            // The bounds of the SQS event source's maximum concurrency on AWS.
            throw new IllegalArgumentException(
                    "The router's maximum concurrency must be 2 to 1000 (as on AWS), got " + builder.maxConcurrency);
        }
        this.maxConcurrency = builder.maxConcurrency;
        this.batchSize = batchSize(builder.batchSize, builder.batchingWindow);
        this.batchingWindow = builder.batchingWindow;
        if (functionTimeout.compareTo(MIN_FUNCTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("The router's timeout (" + functionTimeout.toSeconds()
                    + " s) must be at least " + MIN_FUNCTION_TIMEOUT.toSeconds() + " s: the router starts no call"
                    + " that could outlast its deadline (timeout - 1.5 s), and a call may take 8 s (decision 0206)");
        }
        if (visibilityTimeout.compareTo(functionTimeout) < 0) {
            // AWS refuses an SQS event source whose queue hides a message for less than the function may run.
            throw new IllegalArgumentException("The visibility timeout (" + visibilityTimeout.toSeconds()
                    + " s) must be at least the router's timeout (" + functionTimeout.toSeconds()
                    + " s), as AWS requires for an SQS event source");
        }
        this.routerJar = builder.routerJar;
        this.routerMemoryMb = builder.routerMemoryMb;
        this.routerOutput = Objects.requireNonNull(builder.routerOutput, "routerOutput");
        builder.teamSecrets.forEach((team, secret) -> {
            if (!LocalStack.TEAMS.contains(team)) {
                throw new IllegalArgumentException(
                        "No team '" + team + "' in the local stack: a secret can be fixed for " + LocalStack.TEAMS);
            }
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("The secret of team " + team + " must not be empty");
            }
        });
        this.teamSecrets = Map.copyOf(builder.teamSecrets);
        this.faultInjection = builder.faultInjection;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static int port(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The " + name + " port must be 0 (any free port) to 65535, got " + port);
        }
        return port;
    }

    /** The batch size and window rules of the SQS event source on AWS, with how to fix a value it refuses. */
    private static int batchSize(int batchSize, Duration window) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("The batch size must be 1 to " + MAX_BATCH_SIZE
                    + " (as on AWS for a standard queue), got " + batchSize);
        }
        if (window == null
                || window.isNegative()
                || window.compareTo(MAX_BATCHING_WINDOW) > 0
                || window.getNano() != 0) {
            throw new IllegalArgumentException("The batching window must be 0 to " + MAX_BATCHING_WINDOW.toSeconds()
                    + " whole seconds (as on AWS), got " + window);
        }
        if (batchSize > PipelineSettings.BATCH_SIZE && window.isZero()) {
            throw new IllegalArgumentException("A batch size above " + PipelineSettings.BATCH_SIZE + " (got "
                    + batchSize + ") needs a batching window of at least 1 s, as AWS requires: set the window too");
        }
        return batchSize;
    }

    private static Duration positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("The " + name + " must be positive, got " + duration);
        }
        return duration;
    }

    public String stage() {
        return stage;
    }

    public int apiPort() {
        return apiPort;
    }

    public int tokenPort() {
        return tokenPort;
    }

    public int sqsPort() {
        return sqsPort;
    }

    public int dynamoDbPort() {
        return dynamoDbPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int iotDataPort() {
        return iotDataPort;
    }

    public double apiRateLimit() {
        return apiRateLimit;
    }

    public int apiBurstLimit() {
        return apiBurstLimit;
    }

    public Duration tokenValidity() {
        return tokenValidity;
    }

    public Duration routeCacheTtl() {
        return routeCacheTtl;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    /** The most batches in flight at once, each in its own router JVM (the event source's maximum concurrency). */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** Records per invocation at most (the event source's batch size). */
    public int batchSize() {
        return batchSize;
    }

    /** How long the event source waits to fill a batch; zero invokes as soon as a poll returns messages. */
    public Duration batchingWindow() {
        return batchingWindow;
    }

    /** The router's function timeout: an invocation not answered by then fails and its JVM is killed. */
    public Duration functionTimeout() {
        return functionTimeout;
    }

    public int routerMemoryMb() {
        return routerMemoryMb;
    }

    public PrintStream routerOutput() {
        return routerOutput;
    }

    /** The secret of a team's machine client, if fixed; otherwise one is generated at start. */
    public Optional<String> teamSecret(String team) {
        return Optional.ofNullable(teamSecrets.get(team));
    }

    /**
     * Whether the router reaches DynamoDB and SQS through fault proxies ({@link AwsJsonFaultProxy}), for a fault suite
     * (the test-only {@code LocalFaults}); off by default, and then the router talks to dynalite and ElasticMQ
     * directly.
     */
    public boolean faultInjection() {
        return faultInjection;
    }

    /**
     * The router jar: the one configured, else {@code router-function/target/router-function.jar} found from the working
     * directory (the repository root or a module folder).
     *
     * @throws IllegalStateException saying how to build it, if there is none
     */
    public Path routerJar() {
        if (routerJar != null) {
            if (!Files.isRegularFile(routerJar)) {
                throw new IllegalStateException("The router jar " + routerJar.toAbsolutePath()
                        + " does not exist: build it with" + " ./mvnw -pl router-function package");
            }
            return routerJar.toAbsolutePath();
        }
        return ROUTER_JAR_CANDIDATES.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .map(Path::toAbsolutePath)
                .orElseThrow(() -> new IllegalStateException("The router jar router-function/target/router-function.jar"
                        + " is missing: build it with ./mvnw -pl router-function package"));
    }

    /** Defaults: the fixed ports above, the local stage's throttling, settings of {@link PipelineSettings}. */
    public static final class Builder {
        private String stage = DEFAULT_STAGE;
        private int apiPort = DEFAULT_API_PORT;
        private int tokenPort = DEFAULT_TOKEN_PORT;
        private int sqsPort = DEFAULT_SQS_PORT;
        private int dynamoDbPort = DEFAULT_DYNAMODB_PORT;
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int iotDataPort = DEFAULT_IOT_DATA_PORT;
        private double apiRateLimit = DEFAULT_API_RATE_LIMIT;
        private int apiBurstLimit = DEFAULT_API_BURST_LIMIT;
        private Duration tokenValidity = DEFAULT_TOKEN_VALIDITY;
        private Duration routeCacheTtl = PipelineSettings.ROUTE_CACHE_TTL;
        private Duration visibilityTimeout = PipelineSettings.QUEUE_VISIBILITY_TIMEOUT;
        private Duration functionTimeout = PipelineSettings.FUNCTION_TIMEOUT;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private int batchSize = PipelineSettings.BATCH_SIZE;
        private Duration batchingWindow = PipelineSettings.DEFAULT_BATCHING_WINDOW;
        private Path routerJar;
        private int routerMemoryMb = DEFAULT_ROUTER_MEMORY_MB;
        private PrintStream routerOutput = System.out;
        private final Map<String, String> teamSecrets = new LinkedHashMap<>();
        private boolean faultInjection;

        private Builder() {}

        public Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        /** Every port {@code 0}: each service on a free port (for tests running beside a started stack). */
        public Builder freePorts() {
            apiPort = 0;
            tokenPort = 0;
            sqsPort = 0;
            dynamoDbPort = 0;
            mqttPort = 0;
            iotDataPort = 0;
            return this;
        }

        public Builder apiPort(int port) {
            this.apiPort = port;
            return this;
        }

        public Builder tokenPort(int port) {
            this.tokenPort = port;
            return this;
        }

        public Builder sqsPort(int port) {
            this.sqsPort = port;
            return this;
        }

        public Builder dynamoDbPort(int port) {
            this.dynamoDbPort = port;
            return this;
        }

        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        public Builder iotDataPort(int port) {
            this.iotDataPort = port;
            return this;
        }

        /** API Gateway stage throttling of the local stage: steady rate (requests/s) and burst. */
        public Builder apiThrottling(double rateLimit, int burstLimit) {
            this.apiRateLimit = rateLimit;
            this.apiBurstLimit = burstLimit;
            return this;
        }

        public Builder tokenValidity(Duration validity) {
            this.tokenValidity = validity;
            return this;
        }

        /** The router's route cache TTL ({@code ROUTE_CACHE_TTL_SECONDS}); a new route is seen after at most this. */
        public Builder routeCacheTtl(Duration ttl) {
            this.routeCacheTtl = ttl;
            return this;
        }

        /** The queue's visibility timeout: how long a failed record waits before it is retried. */
        public Builder visibilityTimeout(Duration timeout) {
            this.visibilityTimeout = timeout;
            return this;
        }

        /**
         * The router's function timeout (default {@link PipelineSettings#FUNCTION_TIMEOUT}, at least
         * {@link #MIN_FUNCTION_TIMEOUT}); a shorter one with a matching visibility timeout makes retries quicker in
         * tests.
         */
        public Builder functionTimeout(Duration timeout) {
            this.functionTimeout = timeout;
            return this;
        }

        /**
         * The event source's maximum concurrency: batches in flight at once, each in its own router JVM (default
         * {@link #DEFAULT_MAX_CONCURRENCY}, as the {@code dev} stage; 2 to 1000 as on AWS).
         */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Records per invocation at most (default {@link PipelineSettings#BATCH_SIZE}; 1 to {@link #MAX_BATCH_SIZE}). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How long the event source waits to fill a batch (default {@link PipelineSettings#DEFAULT_BATCHING_WINDOW}:
         * none; whole seconds up to {@link #MAX_BATCHING_WINDOW}; a batch size above 10 needs at least 1 s).
         */
        public Builder batchingWindow(Duration window) {
            this.batchingWindow = window;
            return this;
        }

        public Builder routerJar(Path jar) {
            this.routerJar = jar;
            return this;
        }

        public Builder routerMemoryMb(int memoryMb) {
            this.routerMemoryMb = memoryMb;
            return this;
        }

        /** Where the router's own output (its JSON log lines and EMF metrics) is copied. */
        public Builder routerOutput(PrintStream output) {
            this.routerOutput = output;
            return this;
        }

        /** A fixed secret for the machine client of {@code team} (one of {@link LocalStack#TEAMS}). */
        public Builder teamSecret(String team, String secret) {
            teamSecrets.put(team, secret);
            return this;
        }

        /** Fixed secrets by team; the teams not named get a generated secret. */
        public Builder teamSecrets(Map<String, String> secrets) {
            teamSecrets.putAll(secrets);
            return this;
        }

        /**
         * Puts fault proxies between the router and DynamoDB and SQS, for the test-only {@code LocalFaults}. Default:
         * off (the router talks to the stand-ins directly).
         */
        public Builder faultInjection(boolean enabled) {
            this.faultInjection = enabled;
            return this;
        }

        public LocalStackConfig build() {
            return new LocalStackConfig(this);
        }
    }
}
