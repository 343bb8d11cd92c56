package com.qrrouter.e2e;

import com.qrrouter.local.LocalStack;
import com.qrrouter.settings.E2eNames;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * The local stack ({@link LocalStage}, started once per test JVM): devices on its MQTT broker, routes in its DynamoDB
 * emulator, the DLQ in its ElasticMQ, through the same code a deployed stage uses ({@link AwsSdkTarget}).
 */
final class LocalTarget extends AwsSdkTarget {

    private static LocalTarget shared;

    private final LocalStack stack;

    private LocalTarget(LocalStack stack) {
        super(
                new DynamoDbRoutes(stack.dynamoDb().client(), stack.routesTable(), LocalStack.DEMO_TEAM),
                new DeadLetters(
                        stack.sqs().client(),
                        stack.queues().queueUrl(),
                        stack.queues().deadLetterQueueUrl()));
        this.stack = stack;
    }

    static synchronized LocalTarget shared() {
        if (shared == null) {
            shared = new LocalTarget(LocalStage.shared().stack());
        }
        return shared;
    }

    LocalStack stack() {
        return stack;
    }

    @Override
    public URI tokenUri() {
        return stack.tokenUri();
    }

    @Override
    public URI messageUri() {
        return stack.messageUri();
    }

    @Override
    public String clientId() {
        return stack.machineClient().clientId();
    }

    @Override
    public String clientSecret() {
        return stack.machineClient().clientSecret();
    }

    @Override
    public String topicPrefix() {
        return stack.topicPrefix();
    }

    @Override
    public Device subscribe(String topicFilter) {
        return Mqtt5Device.local(
                "127.0.0.1",
                stack.mqttPort(),
                E2eNames.mqttClientIdPrefix(stack.config().stage()) + UUID.randomUUID(),
                topicFilter);
    }

    @Override
    public Duration routeCacheTtl() {
        return LocalStage.ROUTE_CACHE_TTL;
    }
}
