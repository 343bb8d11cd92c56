package com.qrrouter.router;

import com.qrrouter.settings.PipelineSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A route of the routes table, as stored (unchecked): where a client's scans go, who may send them, how old they may
 * be.
 *
 * @param topic the full MQTT topic, empty if the row has no usable topic (the topic check then refuses it)
 * @param allowedTeams the teams that may address the client ({@code AllowedTeams}); empty admits no team
 * @param maxScanAge the route's own limit on a scan's age ({@code MaxScanAgeSeconds}), or empty for the stage's
 */
public record Route(String topic, Set<String> allowedTeams, Optional<Duration> maxScanAge) {

    public Route {
        Objects.requireNonNull(topic, "topic");
        allowedTeams = Set.copyOf(Objects.requireNonNull(allowedTeams, "allowedTeams"));
        Objects.requireNonNull(maxScanAge, "maxScanAge");
    }

    /** A route with the stage's age limit. */
    public static Route of(String topic, Set<String> allowedTeams) {
        return new Route(topic, allowedTeams, Optional.empty());
    }

    /** True if {@code team} is one of the allowed teams; false for no team (fail closed). */
    public boolean admits(String team) {
        return team != null && !team.equals(PipelineSettings.UNREGISTERED_CALLER) && allowedTeams.contains(team);
    }
}
