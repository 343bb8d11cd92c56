package com.qrrouter.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Region, account and dummy credentials for SDK clients that talk to the local stand-ins. */
public final class LocalAws {

    public static final Region REGION = Region.EU_WEST_1;

    /** The account id ElasticMQ puts in its queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";

    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));

    /** The memory the Lambda service reports to a function, in MB. */
    public static final String FUNCTION_MEMORY_SIZE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    /**
     * What the Lambda service sets on every function and the local stack sets like it for the router's JVM: region,
     * credentials, the function's name, version and memory, how it was initialized. Lambda's, not the router's
     * settings, so not in {@code RouterVariable} (decision 0501).
     */
    public static final List<String> LAMBDA_VARIABLES = List.of(
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION",
            FUNCTION_MEMORY_SIZE,
            "AWS_LAMBDA_INITIALIZATION_TYPE");

    /**
     * The SDK's own variables that only the local stack sets (a deployed function has none of them): no EC2 metadata
     * lookups for credentials, and the endpoints of DynamoDB and SQS pointed at the stand-ins. The SDK's, not the
     * router's settings (decision 0501).
     */
    public static final List<String> SDK_VARIABLES =
            List.of("AWS_EC2_METADATA_DISABLED", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS");

    private LocalAws() {}

    /**
     * What the Lambda service puts in a function's environment ({@link #LAMBDA_VARIABLES} but the memory), for a router
     * JVM that runs outside Lambda, with the SDK pointed at the local DynamoDB and SQS ({@link #SDK_VARIABLES}). Callers
     * add the router's own settings with {@code RouterEnvironment} (table names, DLQ, prefix...).
     *
     * @param functionName the function name (part of every idempotency key)
     */
    public static Map<String, String> lambdaEnvironment(String functionName, URI dynamoDbEndpoint, URI sqsEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION.id());
        env.put("AWS_DEFAULT_REGION", REGION.id());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        return env;
    }
}
