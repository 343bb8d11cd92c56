package com.qrrouter.router.fakes;

import com.qrrouter.router.Route;
import com.qrrouter.router.RouteTable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Routes in memory; counts reads; can be made to fail. */
public final class InMemoryRouteTable implements RouteTable {

    /** The team every route of {@link #put(String, String)} admits (the local stack's demo team). */
    public static final String DEMO_TEAM = "demo-team";

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Adds the route {@code clientId → topic} for {@link #DEMO_TEAM}, with the stage's age limit. */
    public InMemoryRouteTable put(String clientId, String topic) {
        return put(clientId, Route.of(topic, Set.of(DEMO_TEAM)));
    }

    public InMemoryRouteTable put(String clientId, Route route) {
        routes.put(clientId, route);
        return this;
    }

    public void failWith(RuntimeException e) {
        failure.set(e);
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public Optional<Route> routeFor(String clientId) {
        reads.incrementAndGet();
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
        return Optional.ofNullable(routes.get(clientId));
    }
}
