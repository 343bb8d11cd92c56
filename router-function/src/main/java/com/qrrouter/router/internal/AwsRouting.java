package com.qrrouter.router.internal;

import com.qrrouter.router.RouterSettings;
import java.time.Duration;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;

/**
 * The AWS parts of the router that are not adapters of one port: the idempotency store on the settings' table and
 * Powertools' global idempotency configuration (its own explicit call). {@code Router.onAws} wires the adapters; this
 * class does not know the router, so the two files form no cycle (issue 14 item 5).
 */
public final class AwsRouting {

    private AwsRouting() {}

    /** The idempotency store on the settings' table. */
    public static DynamoDbIdempotencyStore idempotencyStore(RouterSettings settings, AwsClients clients) {
        return new DynamoDbIdempotencyStore(clients.dynamoDb(), settings.idempotencyTableName());
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
