package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.RouteTable;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 3 of a record's path: route. Its one job is to look up the topic of the scan's {@code ClientID} in the routes
 * table (through the route cache). Decides {@code UNKNOWN_CLIENT} (no route; permanent), {@code RETRY_DEADLINE} and
 * the transient failures of the table read.
 */
public final class RouteStep {

    private final RouteTable routes;

    public RouteStep(RouteTable routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The client's topic as the table holds it (checked by the next step). */
    public StepResult<String> topicFor(String clientId, Deadline deadline) {
        if (!deadline.allowsCall()) {
            return StepResult.end(Outcome.tooLate("reading the route"));
        }
        Optional<String> topic;
        try {
            topic = routes.topicFor(clientId);
        } catch (RuntimeException e) {
            return StepResult.end(Outcome.failed("routes table", e));
        }
        if (topic.isEmpty()) {
            return StepResult.end(new Outcome.Parked(
                    FailureCode.UNKNOWN_CLIENT,
                    "No route for ClientID '" + clientId + "' in the routes table.",
                    clientId));
        }
        return StepResult.next(topic.get());
    }
}
