package com.qrrouter.e2e;

import com.qrrouter.settings.E2eNames;
import com.qrrouter.settings.PipelineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A deployed stage ({@code -Pe2e}), reached with the default AWS credentials chain of the tester, whose role has the
 * stage's {@code E2eTesterPolicyArn} policy attached (docs/deploy.md): MQTT 5 over a SigV4 WebSocket to AWS IoT Core
 * with a new client id per device under {@code qr-router-<stage>-e2e-}, routes and DLQ through the AWS SDK.
 */
public final class DeployedTarget extends AwsSdkTarget {

    private static DeployedTarget shared;

    private final DeployedStage stage;
    private final String clientSecret;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger devices = new AtomicInteger();

    DeployedTarget(DeployedStage stage, String clientSecret, DynamoDbClient dynamoDb, SqsClient sqs) {
        super(
                new DynamoDbRoutes(dynamoDb, stage.routesTable(), E2eNames.TEAM),
                new DeadLetters(sqs, stage.queueUrl(), stage.deadLetterQueueUrl()));
        this.stage = stage;
        this.clientSecret = clientSecret;
    }

    /** The stage of {@code -De2e.outputsFile}, once per test JVM. */
    public static synchronized DeployedTarget shared() {
        if (shared == null) {
            DeployedStage stage = DeployedStage.fromSystem();
            Region region = Region.of(stage.region());
            String secret = stage.clientSecret(System.getenv(), () -> {
                try (CognitoIdentityProviderClient cognito =
                        CognitoIdentityProviderClient.builder().region(region).build()) {
                    return CognitoClientSecret.describe(cognito, stage.userPoolId(), stage.clientId());
                }
            });
            shared = new DeployedTarget(
                    stage,
                    secret,
                    DynamoDbClient.builder().region(region).build(),
                    SqsClient.builder().region(region).build());
        }
        return shared;
    }

    /** A new MQTT client id the tester policy allows, unique per device of this run. */
    String nextMqttClientId() {
        // The tester policy allows these client ids only (infra E2eTesterPolicy, from the same E2eNames).
        return E2eNames.mqttClientIdPrefix(stage.stageName()) + runId + "-" + devices.incrementAndGet();
    }

    @Override
    public URI tokenUri() {
        return stage.tokenUri();
    }

    @Override
    public URI messageUri() {
        return stage.messageUri();
    }

    @Override
    public String clientId() {
        return stage.clientId();
    }

    @Override
    public String clientSecret() {
        return clientSecret;
    }

    @Override
    public String topicPrefix() {
        return stage.topicPrefix();
    }

    @Override
    public Device subscribe(String topicFilter) {
        return Mqtt5Device.iotCore(stage.iotEndpoint(), stage.region(), nextMqttClientId(), topicFilter);
    }

    @Override
    public Duration routeCacheTtl() {
        return PipelineSettings.ROUTE_CACHE_TTL;
    }
}
