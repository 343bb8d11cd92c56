package com.qrrouter.router.internal;

import com.qrrouter.router.AwsOverrides;
import com.qrrouter.router.RouterSettings;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients of the function, created once per execution environment and shared by all invocations: one
 * lightweight HTTP client (URL connection), bounded timeouts so a hanging call cannot eat the function's time.
 * Region and credentials come from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} and
 * {@code AWS_ENDPOINT_URL_SQS} overrides (local stack) are honoured by the SDK itself.
 */
public record AwsClients(DynamoDbClient dynamoDb, SqsClient sqs, IotDataPlaneClient iot) implements AutoCloseable {

    static final String MAX_CONNECTIONS_PROPERTY = "http.maxConnections";
    private static final int HTTP_TOO_MANY_REQUESTS = 429;
    private static final int HTTP_SERVICE_UNAVAILABLE = 503;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

    /** The longest any call of these clients can take, retries included; the router's deadline rule relies on it. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    /** Attempts of an IoT publish: the first and at most two retries of an answer that says nothing was published. */
    static final int IOT_MAX_ATTEMPTS = 3;

    /** Threads that fire the API call timeouts of the three clients (a timeout only aborts a call: quick work). */
    static final int TIMEOUT_THREADS = 2;

    static final Duration TIMEOUT_THREAD_KEEP_ALIVE = Duration.ofSeconds(60);

    static final Duration IOT_RETRY_BASE_DELAY = Duration.ofMillis(50);
    static final Duration IOT_RETRY_MAX_DELAY = Duration.ofMillis(400);

    /** Creates the three clients for the given settings, region and credentials from the environment. */
    public static AwsClients create(RouterSettings settings) {
        return create(settings, AwsOverrides.NONE);
    }

    /** Creates the three clients with explicit overrides. */
    public static AwsClients create(RouterSettings settings, AwsOverrides overrides) {
        keepConnectionsAlive(settings.recordConcurrency());
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        ScheduledExecutorService timeoutScheduler = timeoutScheduler();
        ClientOverrideConfiguration timeouts = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .scheduledExecutorService(timeoutScheduler)
                .build();
        DynamoDbClient dynamoDb = apply(
                        DynamoDbClient.builder().httpClient(http).overrideConfiguration(timeouts),
                        overrides,
                        overrides.dynamoDbEndpoint())
                .build();
        SqsClient sqs = apply(
                        SqsClient.builder().httpClient(http).overrideConfiguration(timeouts),
                        overrides,
                        overrides.sqsEndpoint())
                .build();
        IotDataPlaneClient iot = apply(
                        IotDataPlaneClient.builder()
                                .httpClient(http)
                                .overrideConfiguration(iotPublishConfiguration(timeoutScheduler)),
                        overrides,
                        settings.iotDataEndpoint())
                .build();
        return new AwsClients(dynamoDb, sqs, iot);
    }

    /**
     * A publish is not idempotent: an attempt that timed out or broke off may have published, and a retry of it would
     * publish the scan twice (a device would open a door twice). So one attempt may take the whole call time (no
     * attempt timeout shorter than the call timeout), and the SDK retries only the answers that say IoT Core did not
     * take the message: throttling (429) and service unavailable (503). A timeout, a broken connection or a 500 is
     * not retried here; the record is reported as failed and SQS delivers it again (see decision 0207).
     */
    static ClientOverrideConfiguration iotPublishConfiguration(ScheduledExecutorService timeoutScheduler) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(IOT_RETRY_BASE_DELAY, IOT_RETRY_MAX_DELAY);
        return ClientOverrideConfiguration.builder()
                .scheduledExecutorService(timeoutScheduler)
                .apiCallAttemptTimeout(API_CALL_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .retryStrategy(StandardRetryStrategy.builder()
                        .maxAttempts(IOT_MAX_ATTEMPTS)
                        .retryOnException(AwsClients::publishWasRefused)
                        .backoffStrategy(backoff)
                        .throttlingBackoffStrategy(backoff)
                        .treatAsThrottling(AwsClients::isThrottling)
                        .circuitBreakerEnabled(false)
                        // Without this the client adds the SDK's default conditions (5xx, IO errors, timeouts).
                        .useClientDefaults(false)
                        .build())
                .build();
    }

    /**
     * The scheduler of the clients' API call timeouts, one for the three clients. Every call schedules its timeouts
     * (call and attempt) and cancels them when it ends, nearly always long before they are due. The SDK's own
     * scheduler (five threads per client) keeps a cancelled timeout in its queue until it is due, 3 or 8 s later:
     * thousands of dead timers per busy minute, each still waking a scheduler thread when it reaches the head of the
     * queue, and each holding its call's thread and request out of the young generation for seconds. This one drops a
     * timeout from the queue when it is cancelled; timeouts that are due fire exactly as before. Its threads are
     * daemons and end after a minute without calls.
     */
    static ScheduledThreadPoolExecutor timeoutScheduler() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(TIMEOUT_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "sdk-timeouts-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setKeepAliveTime(TIMEOUT_THREAD_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        return scheduler;
    }

    /** True for an IoT answer that says the publish was refused before anything was published. */
    static boolean publishWasRefused(Throwable failure) {
        return failure instanceof SdkServiceException service
                && (isThrottling(service) || service.statusCode() == HTTP_SERVICE_UNAVAILABLE);
    }

    private static boolean isThrottling(Throwable failure) {
        return failure instanceof SdkServiceException service
                && (service.isThrottlingException() || service.statusCode() == HTTP_TOO_MANY_REQUESTS);
    }

    /**
     * The URL connection client reuses at most {@code http.maxConnections} (JDK default 5) idle connections per host;
     * with more records in flight, the rest would pay a new TLS handshake per call. Raised to the record concurrency
     * (plus the idempotency and DLQ calls made at the same time) unless set explicitly.
     */
    static void keepConnectionsAlive(int recordConcurrency) {
        if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_CONNECTIONS_PROPERTY, String.valueOf(Math.max(5, recordConcurrency * 2)));
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B apply(B builder, AwsOverrides overrides, URI endpoint) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (overrides.region() != null) {
            builder.region(overrides.region());
        }
        if (overrides.credentials() != null) {
            builder.credentialsProvider(overrides.credentials());
        }
        return builder;
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        iot.close();
    }
}
