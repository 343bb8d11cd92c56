package com.qrrouter.router.internal;

import com.qrrouter.router.RouterSettings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    /**
     * Explicit endpoints, region and credentials, for tests and tools that run the router in-process against local
     * stand-ins; every field may be {@code null} (then the SDK's default applies).
     */
    public record Overrides(URI dynamoDbEndpoint, URI sqsEndpoint, Region region, AwsCredentialsProvider credentials) {
        static final Overrides NONE = new Overrides(null, null, null, null);
    }

    /** Creates the three clients for the given settings, region and credentials from the environment. */
    public static AwsClients create(RouterSettings settings) {
        return create(settings, Overrides.NONE);
    }

    /** Creates the three clients with explicit overrides. */
    public static AwsClients create(RouterSettings settings, Overrides overrides) {
        keepConnectionsAlive(settings.recordConcurrency());
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        ClientOverrideConfiguration timeouts = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
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
                        IotDataPlaneClient.builder().httpClient(http).overrideConfiguration(timeouts),
                        overrides,
                        settings.iotDataEndpoint())
                .build();
        return new AwsClients(dynamoDb, sqs, iot);
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

    private static <B extends AwsClientBuilder<B, ?>> B apply(B builder, Overrides overrides, URI endpoint) {
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
