package com.qrrouter.router;

import com.qrrouter.router.internal.AwsClients;
import com.qrrouter.router.internal.AwsRouting;

/**
 * For tests and the benchmark outside this package: the router wired as on AWS ({@code Router.onAws}) but on clients
 * the caller made (e.g. a DynamoDB client with added latency). The wiring stays in one place, {@code Router}.
 */
public final class RouterOnClients {

    private RouterOnClients() {}

    /** The router on {@code clients} with its own idempotency store; the caller closes the clients. */
    public static Router router(RouterSettings settings, AwsClients clients) {
        return Router.onAws(settings, clients, AwsRouting.idempotencyStore(settings, clients));
    }
}
