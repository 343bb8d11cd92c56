package com.qrrouter.router.internal;

import com.qrrouter.router.Router;
import com.qrrouter.router.RouterSettings;
import java.time.Duration;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;

/**
 * The router on AWS: DynamoDB routes and idempotency, IoT data-plane publish, SQS dead-letter queue, on the given
 * clients. Touches no global state; Powertools' global idempotency configuration is its own explicit call.
 */
public final class AwsRouting {

    private AwsRouting() {}

    /** The idempotency store on the settings' table. */
    public static DynamoDbIdempotencyStore idempotencyStore(RouterSettings settings, AwsClients clients) {
        return new DynamoDbIdempotencyStore(clients.dynamoDb(), settings.idempotencyTableName());
    }

    /** A router on {@code clients} with its own idempotency store. */
    public static Router router(RouterSettings settings, AwsClients clients) {
        return router(settings, clients, idempotencyStore(settings, clients));
    }

    /** A router on {@code clients} and {@code store}. */
    public static Router router(RouterSettings settings, AwsClients clients, BasePersistenceStore store) {
        return Router.builder()
                .topicPrefix(settings.topicPrefix())
                .routeTable(new DynamoDbRouteTable(clients.dynamoDb(), settings.routesTableName()))
                .routeCacheTtl(settings.routeCacheTtl())
                .publisher(new IotDataPlanePublisher(clients.iot()))
                .deadLetterQueue(new SqsDeadLetterQueue(
                        clients.sqs(), settings.deadLetterQueueUrl().toString()))
                .idempotencyStore(store)
                .idempotencyWindow(settings.idempotencyWindow())
                .recordConcurrency(settings.recordConcurrency())
                .longestCall(AwsClients.API_CALL_TIMEOUT)
                .build();
    }

    /**
     * Configures Powertools' global idempotency state with the router's store and window, so that Powertools' own entry
     * point ({@code Idempotency.registerLambdaContext}, which fails unless it is configured) agrees with what the router
     * does (decision 0200). Global: the Lambda handler calls it once per execution environment.
     */
    public static void configurePowertoolsIdempotency(BasePersistenceStore store, Duration window) {
        Idempotency.config()
                .withPersistenceStore(store)
                .withConfig(PowertoolsIdempotencyGuard.idempotencyConfig(window))
                .configure();
    }
}
