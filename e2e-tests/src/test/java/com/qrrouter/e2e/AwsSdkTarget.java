package com.qrrouter.e2e;

/**
 * What the local stack ({@link LocalTarget}) and a deployed stage ({@link DeployedTarget}) do alike, through the AWS
 * SDK against their own endpoints: routes put into and deleted from the routes table ({@link DynamoDbRoutes}), the
 * dead-letter queue ({@link DeadLetters}). A target adds how it is reached: URIs, client, devices, route cache.
 */
abstract class AwsSdkTarget implements PipelineTarget {

    private final DynamoDbRoutes routes;
    private final DeadLetters deadLetters;

    AwsSdkTarget(DynamoDbRoutes routes, DeadLetters deadLetters) {
        this.routes = routes;
        this.deadLetters = deadLetters;
    }

    @Override
    public final void putRoute(String clientId, String topic) {
        routes.put(clientId, topic);
    }

    @Override
    public final void deleteRoute(String clientId) {
        routes.delete(clientId);
    }

    @Override
    public final DeadLetters deadLetters() {
        return deadLetters;
    }
}
