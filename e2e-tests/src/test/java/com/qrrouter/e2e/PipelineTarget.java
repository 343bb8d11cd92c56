package com.qrrouter.e2e;

import com.qrrouter.settings.E2eNames;
import java.net.URI;
import java.time.Duration;

/**
 * Where the pipeline suite runs: the local stack ({@link LocalTarget}, every build) or a deployed stage
 * ({@link DeployedTarget}, {@code -Pe2e}). Everything that differs between the two sits behind this interface; the
 * test classes ({@link ApiContractTests}, {@link PipelineTests}) know only this.
 */
interface PipelineTarget {

    /** The Cognito(-compatible) token endpoint. */
    URI tokenUri();

    /** {@code POST} QR messages here. */
    URI messageUri();

    /** The integration client's id. */
    String clientId();

    /** The integration client's secret. */
    String clientSecret();

    /** The stage's topic prefix, e.g. {@code qr-router/stag/}. */
    String topicPrefix();

    /** A topic the suite may route to and subscribe to: {@code qr-router/<stage>/e2e/<name>} ({@link E2eNames}). */
    default String e2eTopic(String name) {
        return E2eNames.topicPrefix(topicPrefix()) + name;
    }

    /**
     * A device subscribed (QoS 1) to {@code topicFilter}: returns after the broker's SUBACK, so whatever is published
     * afterwards reaches it.
     */
    Device subscribe(String topicFilter);

    /** Seeds a route {@code clientId → topic} in the stage's routes table. */
    void putRoute(String clientId, String topic);

    /** Removes the route of {@code clientId}. */
    void deleteRoute(String clientId);

    /** How long the router may keep answering from its route cache (negative answers too) after a route changed. */
    Duration routeCacheTtl();

    /** The stage's dead-letter queue, restricted to what the suite does with its own messages. */
    DeadLetters deadLetters();
}
