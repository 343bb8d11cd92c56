package com.qrrouter.router.internal;

import com.qrrouter.router.Route;
import com.qrrouter.router.RouteTable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Caches found routes (topic, allowed teams, age limit: the whole route) in memory for a short time, so that a hot
 * client does not cost a table read per message; a change of a route's teams takes effect within the TTL.
 * Concurrent lookups of the same client share one read.
 *
 * <p>"Not found" is never cached: it parks the message ({@code UNKNOWN_CLIENT}), and an operator who adds the route and
 * redrives the DLQ right away must see it delivered, not parked again from a stale cache entry (the read behind it is
 * strongly consistent, see {@link DynamoDbRouteTable}). A failed read, exception or error alike, is not cached and
 * fails every lookup that shared it, so no caller waits for good. See decision 0208.
 */
public final class CachingRouteTable implements RouteTable {

    /** Bound on cached clients: past it, expired entries are dropped, and if that is not enough, all of them. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(CompletableFuture<Optional<Route>> route, long expiresAtNanos) {}

    private final RouteTable delegate;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    public CachingRouteTable(RouteTable delegate, Duration ttl) {
        this(delegate, ttl, System::nanoTime);
    }

    CachingRouteTable(RouteTable delegate, Duration ttl, LongSupplier nanoTime) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<Route> routeFor(String clientId) {
        if (ttlNanos <= 0) {
            return delegate.routeFor(clientId);
        }
        long now = nanoTime.getAsLong();
        Entry current = entries.get(clientId);
        if (current == null || now - current.expiresAtNanos() >= 0) {
            Entry fresh = new Entry(new CompletableFuture<>(), now + ttlNanos);
            boolean won = current == null
                    ? entries.putIfAbsent(clientId, fresh) == null
                    : entries.replace(clientId, current, fresh);
            if (won) {
                trimIfNeeded(now);
                load(clientId, fresh);
                current = fresh;
            } else {
                current = entries.getOrDefault(clientId, fresh);
                if (current == fresh) {
                    return delegate.routeFor(clientId);
                }
            }
        }
        try {
            return current.route().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void load(String clientId, Entry entry) {
        Optional<Route> route;
        try {
            route = delegate.routeFor(clientId);
        } catch (Throwable e) {
            // Errors too (a LinkageError, an OutOfMemoryError): the lookups sharing this read must not block forever.
            entries.remove(clientId, entry);
            entry.route().completeExceptionally(e);
            throw e;
        }
        if (route.isEmpty()) {
            entries.remove(clientId, entry);
        }
        entry.route().complete(route);
    }

    private void trimIfNeeded(long now) {
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        entries.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
    }

    /** Number of cached clients (for tests and diagnostics). */
    int size() {
        return entries.size();
    }
}
