package com.qrrouter.local.benchmark;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One phase of a run: its scans, their account, when each was sent (or, open loop, due), and the POST → MQTT latency
 * of each scan's first arrival. Times are {@link System#nanoTime()}.
 */
final class Phase {

    private final String name;
    private final List<Scans.Scan> scans;
    private final Tally tally;
    private final AtomicLongArray sentAt;
    private final Latencies endToEnd = new Latencies();
    private final Latencies apiAnswers = new Latencies();
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);

    Phase(String name, List<Scans.Scan> scans) {
        this.name = name;
        this.scans = List.copyOf(scans);
        this.tally = new Tally(scans);
        this.sentAt = new AtomicLongArray(scans.size());
    }

    String name() {
        return name;
    }

    List<Scans.Scan> scans() {
        return scans;
    }

    Tally tally() {
        return tally;
    }

    /** The scan is sent now (closed loop) or was due at {@code nanos} (open loop): its latency counts from there. */
    void sending(int index, long nanos) {
        sentAt.set(index, nanos);
        firstSend.accumulateAndGet(nanos, Math::min);
    }

    /** The API answered (any status) at {@code nanos}. */
    void answered(int index, long nanos) {
        apiAnswers.add(nanos - sentAt.get(index));
        posted.incrementAndGet();
        lastAnswer.accumulateAndGet(nanos, Math::max);
    }

    /** Whether the body is one of this phase's scans; if so, it is counted as arrived at {@code nanos}. */
    boolean arrived(String body, long nanos) {
        int index = tally.indexOf(body);
        if (index < 0) {
            return false;
        }
        if (tally.delivered(index) == 1) {
            endToEnd.add(nanos - sentAt.get(index));
        }
        lastArrival.accumulateAndGet(nanos, Math::max);
        return true;
    }

    int postedSoFar() {
        return posted.get();
    }

    Latencies endToEnd() {
        return endToEnd;
    }

    Latencies apiAnswers() {
        return apiAnswers;
    }

    /** Seconds from the first send to the last API answer: how long posting took. */
    double postingSeconds() {
        return seconds(firstSend.get(), lastAnswer.get());
    }

    /** Seconds from the first send to the last arrival at the subscriber: what end-to-end throughput divides by. */
    double deliverySeconds() {
        return seconds(firstSend.get(), lastArrival.get());
    }

    private static double seconds(long from, long to) {
        return from == Long.MAX_VALUE || to == Long.MIN_VALUE || to <= from ? 0 : (to - from) / 1e9;
    }
}
