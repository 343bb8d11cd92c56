package com.qrrouter.router;

import java.util.Optional;

/** Where the route of a client is looked up (port; adapter: DynamoDB routes table). */
public interface RouteTable {

    /**
     * The route of a client as stored, unchecked.
     *
     * @return the route, or empty if the client has no route
     * @throws RuntimeException if the table cannot be read (a transient failure)
     */
    Optional<Route> routeFor(String clientId);
}
