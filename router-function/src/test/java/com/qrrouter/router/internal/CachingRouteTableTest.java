package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.router.RouteTable;
import com.qrrouter.router.fakes.InMemoryRouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    void topicFor_whenCalledTwiceWithinTtl_readsTableOnce() {
        assertThat(cache.topicFor("DemoClient")).contains("qr-router/test/MyTopic");
        assertThat(cache.topicFor("DemoClient")).contains("qr-router/test/MyTopic");

        assertThat(table.reads()).isEqualTo(1);
    }

    @Test
    void topicFor_whenRouteAddedRightAfterANotFound_seesItAtOnce() {
        // An operator adds the route of a parked message and redrives the DLQ at once: the redriven message must not
        // be parked again from a cached "not found".
        assertThat(cache.topicFor("Nobody")).isEmpty();
        table.put("Nobody", "qr-router/test/Nobody");

        assertThat(cache.topicFor("Nobody")).contains("qr-router/test/Nobody");
        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void topicFor_whenTtlPassed_readsAgainAndSeesTheChangedRoute() {
        cache.topicFor("DemoClient");
        table.put("DemoClient", "qr-router/test/Moved");

        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cache.topicFor("DemoClient")).contains("qr-router/test/MyTopic");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.topicFor("DemoClient")).contains("qr-router/test/Moved");

        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void topicFor_whenSharedReadFailsWithAnError_failsEveryWaiterAndReadsAgainNextTime() throws Exception {
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
            return Optional.of("qr-router/test/" + clientId);
        };
        CachingRouteTable shared = new CachingRouteTable(broken, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> shared.topicFor("Hot")));
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
        assertThat(shared.topicFor("Hot")).contains("qr-router/test/Hot");
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void topicFor_whenReadFails_doesNotCacheTheFailure() {
        table.failWith(new IllegalStateException("table down"));
        assertThatThrownBy(() -> cache.topicFor("DemoClient")).hasMessage("table down");

        table.failWith(null);
        assertThat(cache.topicFor("DemoClient")).contains("qr-router/test/MyTopic");
        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void topicFor_whenTtlIsZero_readsEveryTime() {
        CachingRouteTable uncached = new CachingRouteTable(table, Duration.ZERO, clock::get);

        uncached.topicFor("DemoClient");
        uncached.topicFor("DemoClient");

        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void topicFor_whenManyThreadsMissAtOnce_sharesOneRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        RouteTable slow = clientId -> {
            reads.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of("qr-router/test/" + clientId);
        };
        CachingRouteTable shared = new CachingRouteTable(slow, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> shared.topicFor("Hot")));
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
    void topicFor_whenMoreClientsThanTheBound_keepsTheCacheBounded() {
        for (int i = 0; i <= CachingRouteTable.MAX_ENTRIES + 10; i++) {
            cache.topicFor("client-" + i);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(CachingRouteTable.MAX_ENTRIES);
    }
}
