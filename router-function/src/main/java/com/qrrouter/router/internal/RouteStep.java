package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.Route;
import com.qrrouter.router.RouteTable;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 2 of a record's path: route. Its one job is to look up the route of the scan's {@code ClientID} (topic, allowed
 * teams, age limit) in the routes table (through the route cache). Decides {@code UNKNOWN_CLIENT} (no route;
 * permanent), {@code RETRY_DEADLINE} and the transient failures of the table read.
 */
public final class RouteStep {

    private final RouteTable routes;

    public RouteStep(RouteTable routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The client's route as the table holds it (checked by the next steps). */
    public StepResult<Route> routeFor(String clientId, Deadline deadline) {
        if (!deadline.allowsCall()) {
            return StepResult.end(Outcome.tooLate("reading the route"));
        }
        Optional<Route> route;
        try {
            route = routes.routeFor(clientId);
        } catch (RuntimeException e) {
            return StepResult.end(Outcome.failed("routes table", e));
        }
        if (route.isEmpty()) {
            return StepResult.end(new Outcome.Parked(
                    FailureCode.UNKNOWN_CLIENT,
                    "No route for ClientID '" + clientId + "' in the routes table.",
                    clientId));
        }
        return StepResult.next(route.get());
    }
}
