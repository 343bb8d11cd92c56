package com.qrrouter.router;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Explicit endpoints, region and credentials for a router that runs in-process against local stand-ins (tests, tools;
 * see {@link Router#onAws(RouterSettings, AwsOverrides)}). Every field may be {@code null}: then the SDK's default
 * applies (the Lambda environment, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS}). The IoT
 * data-plane endpoint always comes from {@link RouterSettings#iotDataEndpoint()}.
 */
public record AwsOverrides(URI dynamoDbEndpoint, URI sqsEndpoint, Region region, AwsCredentialsProvider credentials) {

    /** No override: everything from the environment, as on Lambda. */
    public static final AwsOverrides NONE = new AwsOverrides(null, null, null, null);
}
