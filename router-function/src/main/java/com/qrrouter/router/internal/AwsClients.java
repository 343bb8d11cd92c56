package com.qrrouter.router.internal;

import com.qrrouter.router.RouterSettings;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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

    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    /** Creates the three clients for the given settings. */
    public static AwsClients create(RouterSettings settings) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .build();
        return new AwsClients(
                DynamoDbClient.builder()
                        .httpClient(http)
                        .overrideConfiguration(overrides)
                        .build(),
                SqsClient.builder()
                        .httpClient(http)
                        .overrideConfiguration(overrides)
                        .build(),
                IotDataPlaneClient.builder()
                        .httpClient(http)
                        .overrideConfiguration(overrides)
                        .endpointOverride(settings.iotDataEndpoint())
                        .build());
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        iot.close();
    }
}
