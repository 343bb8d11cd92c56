package com.qrrouter.local;

import java.net.URI;
import java.util.LinkedHashMap;
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

    private LocalAws() {}

    /**
     * What the Lambda service puts in a function's environment, for a router JVM that runs outside Lambda, with the
     * SDK pointed at the local DynamoDB and SQS. Callers add the router's own settings (table names, DLQ, prefix...).
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
