package com.qrrouter.router.fakes;

import com.qrrouter.router.RouteTable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Routes in memory; counts reads; can be made to fail. */
public final class InMemoryRouteTable implements RouteTable {

    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public InMemoryRouteTable put(String clientId, String topic) {
        routes.put(clientId, topic);
        return this;
    }

    public void failWith(RuntimeException e) {
        failure.set(e);
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public Optional<String> topicFor(String clientId) {
        reads.incrementAndGet();
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
        return Optional.ofNullable(routes.get(clientId));
    }
}
