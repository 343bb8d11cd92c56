package com.qrrouter.router;

import java.util.Optional;

/** Where the MQTT topic of a client is looked up (port; adapter: DynamoDB routes table). */
public interface RouteTable {

    /**
     * The routed topic of a client as stored, unchecked.
     *
     * @return the topic, an empty string if the route exists without a usable topic, or empty if the client has no
     *     route
     * @throws RuntimeException if the table cannot be read (a transient failure)
     */
    Optional<String> topicFor(String clientId);
}
