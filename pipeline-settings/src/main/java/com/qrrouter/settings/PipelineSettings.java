package com.qrrouter.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Stage-independent settings of the pipeline, the one place that both {@code infra/} (CDK) and {@code local/} (the
 * embedded stand-in) read, so that the cloud and the local stack cannot drift apart.
 *
 * <p>Stage-specific settings (throttling, concurrency, log retention, removal policies) are typed in {@code infra/};
 * the router function reads its own runtime settings from its environment, which {@code infra/} and {@code local/}
 * fill from here.
 */
public final class PipelineSettings {

    /** OAuth2 resource server identifier; the full scope is {@code qr-router/sendqrcode}. */
    public static final String RESOURCE_SERVER_IDENTIFIER = "qr-router";

    /** OAuth2 scope name that a client needs to post a QR message. */
    public static final String SCOPE_NAME = "sendqrcode";

    /** The full OAuth2 scope as it appears in an access token's {@code scope} claim. */
    public static final String FULL_SCOPE = RESOURCE_SERVER_IDENTIFIER + "/" + SCOPE_NAME;

    /** Path segment of the API resource: {@code POST /{stage}/postmessagetosqs}, as in the seed API. */
    public static final String API_RESOURCE_PATH = "postmessagetosqs";

    /** Records per Lambda invocation (SQS event source batch size). */
    public static final int BATCH_SIZE = 10;

    /**
     * Default of how long the event source waits to fill a batch: none. A scan stands for a person waiting at a door,
     * and a window adds up to its length to every scan's latency on an idle stage; with none, the event source invokes
     * as soon as a poll returns messages (Lambda's own default for a standard queue). The cost: at low traffic more
     * invocations of fewer records each (docs/performance.md). A stage may set a window (infra {@code StageConfig}, the
     * local stack's {@code --batching-window}).
     */
    public static final Duration DEFAULT_BATCHING_WINDOW = Duration.ZERO;

    /**
     * The router function's handler, {@code class::method}, as the function's configuration names it: what {@code infra/}
     * deploys and what the local stack passes to Lambda's runtime interface client.
     */
    public static final String ROUTER_HANDLER = "com.qrrouter.router.RouterHandler::handleRequest";

    /** Router function timeout. */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

    /** Queue visibility timeout: six times the function timeout, as AWS recommends for SQS event sources. */
    public static final Duration QUEUE_VISIBILITY_TIMEOUT = FUNCTION_TIMEOUT.multipliedBy(6);

    /** Receives before SQS moves a message to the DLQ (transient failures are retried this often). */
    public static final int MAX_RECEIVE_COUNT = 5;

    /** How long the main queue keeps a message. */
    public static final Duration QUEUE_RETENTION = Duration.ofDays(4);

    /** How long the DLQ keeps a message: longer than the queue, so a redriven message keeps its time to be fixed. */
    public static final Duration DEAD_LETTER_QUEUE_RETENTION = Duration.ofDays(14);

    /** Default time-to-live of a cached route (negative results included). */
    public static final Duration ROUTE_CACHE_TTL = Duration.ofSeconds(60);

    /** Default idempotency window: a re-POST or redelivery of the same scan inside it publishes once. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(1);

    /** Default number of records of one batch that are processed at the same time. */
    public static final int RECORD_CONCURRENCY = 10;

    /** How long a machine client's access token is valid (Cognito app client, local token endpoint). */
    public static final Duration ACCESS_TOKEN_VALIDITY = Duration.ofHours(1);

    /** Memory of the router function (decision 0302); the local stack reports the same to the handler. */
    public static final int FUNCTION_MEMORY_MB = 1024;

    /** Powertools service name of the router's logs and metrics (the {@code Service} metric dimension). */
    public static final String SERVICE_NAME = "qr-router";

    /** CloudWatch namespace of the router's metrics. */
    public static final String METRICS_NAMESPACE = "QrRouter";

    /** MQTT quality of service of every publish. */
    public static final int PUBLISH_QOS = 1;

    /**
     * Default of how old a scan may be when the router routes it, counted from the moment the API accepted it
     * ({@link MessageAttributes#ACCEPTED_AT}): older, it is parked as {@code STALE_SCAN}; younger, it is published with
     * an MQTT 5 message expiry of the time left. A stage may set its own, a route may override it
     * ({@link RouteAttributes#MAX_SCAN_AGE_SECONDS}).
     */
    public static final Duration DEFAULT_MAX_SCAN_AGE = Duration.ofSeconds(60);

    /**
     * The {@code CallerTeam} the API sets for a token whose app client belongs to no declared team: no team may take
     * this name, and the router admits it on no route, even one that names it.
     */
    public static final String UNREGISTERED_CALLER = "unregistered";

    /** Attribute names of an item of the routes table (partition key {@code ClientID}). */
    public static final class RouteAttributes {
        /** Partition key (S): the ClientID of the messages this route is for. */
        public static final String CLIENT_ID = "ClientID";
        /** The full MQTT topic (S), under the stage's topic prefix. */
        public static final String TOPIC = "Topic";
        /**
         * The teams (SS, team names as declared per stage) that may address this ClientID. A route without it admits
         * no team (fail closed).
         */
        public static final String ALLOWED_TEAMS = "AllowedTeams";
        /** Optional (N): this route's own limit, in seconds, on a scan's age; overrides the stage's. */
        public static final String MAX_SCAN_AGE_SECONDS = "MaxScanAgeSeconds";

        private RouteAttributes() {}
    }

    /** Names of the SQS message attributes that travel with a message and with a parked (DLQ) message. */
    public static final class MessageAttributes {
        /** API Gateway request id, set by the API integration; the correlation id of logs and MQTT. */
        public static final String CORRELATION_ID = "CorrelationId";
        /** The ClientID of the message as the API saw it (for routing and DLQ triage without parsing the body). */
        public static final String CLIENT_ID = "ClientID";
        /** Machine-readable failure code of a parked message (e.g. {@code SCHEMA_VIOLATION}, {@code UNKNOWN_CLIENT}). */
        public static final String FAILURE_CODE = "FailureCode";
        /** Human-readable failure message of a parked message (never contains the QR code). */
        public static final String FAILURE_MESSAGE = "FailureMessage";
        /** SQS message id of the original message that was parked. */
        public static final String ORIGINAL_MESSAGE_ID = "OriginalMessageId";
        /**
         * The name of the team that posted the message (String), set by the API from the authorizer's claims (the
         * caller's app client), never from anything the client sends. The router admits a message only if its route
         * names this team.
         */
        public static final String CALLER_TEAM = "CallerTeam";
        /**
         * When the API accepted the message (Number, epoch milliseconds, API Gateway's request time). Unlike
         * {@code SentTimestamp}, it survives a DLQ redrive: the router measures a scan's age from it.
         */
        public static final String ACCEPTED_AT = "AcceptedAt";

        private MessageAttributes() {}
    }

    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9]{1,15}");

    private PipelineSettings() {}

    /**
     * The MQTT topic prefix that a stage may publish under, e.g. {@code qr-router/stag/}. The router refuses any routed
     * topic outside it and the IAM policy of the function allows {@code iot:Publish} only under it.
     *
     * @param stage stage name, lower-case letters and digits, 2 to 16 characters
     * @return the prefix, always ending in {@code /}
     */
    public static String topicPrefix(String stage) {
        return RESOURCE_SERVER_IDENTIFIER + "/" + requireStageName(stage) + "/";
    }

    /**
     * Checks a stage name and returns it.
     *
     * @throws IllegalArgumentException with what is allowed, if the name is not a valid stage name
     */
    public static String requireStageName(String stage) {
        if (stage == null || !STAGE_NAME.matcher(stage).matches()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "Stage name '%s' is not valid: use 2 to 16 lower-case letters and digits, starting with a letter"
                            + " (e.g. dev, stag, prod).",
                    stage));
        }
        return stage;
    }
}
