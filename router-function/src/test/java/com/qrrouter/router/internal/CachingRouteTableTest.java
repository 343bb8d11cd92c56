package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.router.Route;
import com.qrrouter.router.RouteTable;
import com.qrrouter.router.fakes.InMemoryRouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingRouteTableTest {

    private final InMemoryRouteTable table = new InMemoryRouteTable().put("DemoClient", "qr-router/test/MyTopic");
    private final AtomicLong clock = new AtomicLong(1_000);
    private final CachingRouteTable cache = new CachingRouteTable(table, Duration.ofSeconds(60), clock::get);

    @Test
    void routeFor_whenCalledTwiceWithinTtl_readsTableOnce() {
        assertThat(cache.routeFor("DemoClient").map(Route::topic)).contains("qr-router/test/MyTopic");
        assertThat(cache.routeFor("DemoClient").map(Route::topic)).contains("qr-router/test/MyTopic");

        assertThat(table.reads()).isEqualTo(1);
    }

    @Test
    void routeFor_whenRouteAddedRightAfterANotFound_seesItAtOnce() {
        // An operator adds the route of a parked message and redrives the DLQ at once: the redriven message must not
        // be parked again from a cached "not found".
        assertThat(cache.routeFor("Nobody").map(Route::topic)).isEmpty();
        table.put("Nobody", "qr-router/test/Nobody");

        assertThat(cache.routeFor("Nobody").map(Route::topic)).contains("qr-router/test/Nobody");
        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void routeFor_whenCached_keepsTheWholeRouteTeamsAndAgeLimitIncluded() {
        table.put(
                "Teams",
                new Route("qr-router/test/Teams", Set.of("a-team", "b-team"), Optional.of(Duration.ofSeconds(7))));

        Route first = cache.routeFor("Teams").orElseThrow();
        table.put("Teams", Route.of("qr-router/test/Teams", Set.of()));
        Route cached = cache.routeFor("Teams").orElseThrow();

        assertThat(cached).isEqualTo(first);
        assertThat(cached.allowedTeams()).containsExactlyInAnyOrder("a-team", "b-team");
        assertThat(cached.maxScanAge()).contains(Duration.ofSeconds(7));
        assertThat(table.reads()).isEqualTo(1);
    }

    @Test
    void routeFor_whenTtlPassed_readsAgainAndSeesTheChangedRoute() {
        cache.routeFor("DemoClient").map(Route::topic);
        table.put("DemoClient", "qr-router/test/Moved");

        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cache.routeFor("DemoClient").map(Route::topic)).contains("qr-router/test/MyTopic");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.routeFor("DemoClient").map(Route::topic)).contains("qr-router/test/Moved");

        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void routeFor_whenSharedReadFailsWithAnError_failsEveryWaiterAndReadsAgainNextTime() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        RouteTable broken = clientId -> {
            if (reads.incrementAndGet() == 1) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new NoClassDefFoundError("simulated linkage error");
            }
            return Optional.of(Route.of("qr-router/test/" + clientId, Set.of()));
        };
        CachingRouteTable shared = new CachingRouteTable(broken, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> shared.routeFor("Hot").map(Route::topic)));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<Optional<String>> result : results) {
                // Bounded: before the fix, the waiters of a read that failed with an Error blocked for good.
                assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class)
                        .hasCauseInstanceOf(NoClassDefFoundError.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.routeFor("Hot").map(Route::topic)).contains("qr-router/test/Hot");
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void routeFor_whenReadFails_doesNotCacheTheFailure() {
        table.failWith(new IllegalStateException("table down"));
        assertThatThrownBy(() -> cache.routeFor("DemoClient").map(Route::topic)).hasMessage("table down");

        table.failWith(null);
        assertThat(cache.routeFor("DemoClient").map(Route::topic)).contains("qr-router/test/MyTopic");
        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void routeFor_whenTtlIsZero_readsEveryTime() {
        CachingRouteTable uncached = new CachingRouteTable(table, Duration.ZERO, clock::get);

        uncached.routeFor("DemoClient").map(Route::topic);
        uncached.routeFor("DemoClient").map(Route::topic);

        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void routeFor_whenManyThreadsMissAtOnce_sharesOneRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        RouteTable slow = clientId -> {
            reads.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(Route.of("qr-router/test/" + clientId, Set.of()));
        };
        CachingRouteTable shared = new CachingRouteTable(slow, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> shared.routeFor("Hot").map(Route::topic)));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<Optional<String>> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).contains("qr-router/test/Hot");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void routeFor_whenMoreClientsThanTheBound_keepsTheCacheBounded() {
        for (int i = 0; i <= CachingRouteTable.MAX_ENTRIES + 10; i++) {
            cache.routeFor("client-" + i).map(Route::topic);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(CachingRouteTable.MAX_ENTRIES);
    }
}
