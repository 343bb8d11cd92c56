package com.qrrouter.router.fakes;

import com.qrrouter.router.MessagePublisher;
import com.qrrouter.router.MqttMessage;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Records what is published; fails the publishes it is told to fail; tracks the highest concurrency seen. */
public final class RecordingPublisher implements MessagePublisher {

    private final List<MqttMessage> published = new CopyOnWriteArrayList<>();
    private final Queue<RuntimeException> nextFailures = new ConcurrentLinkedQueue<>();
    private volatile Predicate<MqttMessage> failWhen = message -> false;
    private volatile RuntimeException failure;
    private volatile long delayMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** The next publish fails with {@code e} (queued, one per call). */
    public RecordingPublisher failNext(RuntimeException e) {
        nextFailures.add(e);
        return this;
    }

    /** Every publish matching {@code condition} fails with {@code e}. */
    public RecordingPublisher failWhen(Predicate<MqttMessage> condition, RuntimeException e) {
        this.failWhen = condition;
        this.failure = e;
        return this;
    }

    public RecordingPublisher delayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
        return this;
    }

    public List<MqttMessage> published() {
        return published;
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void publish(MqttMessage message) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            RuntimeException next = nextFailures.poll();
            if (next != null) {
                throw next;
            }
            if (failWhen.test(message)) {
                throw failure;
            }
            published.add(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
