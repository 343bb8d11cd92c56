package com.qrrouter.local.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account of a run, scan by scan: what the API answered, how often each scan reached the MQTT subscriber (matched by
 * its exact body) and whether it is in the DLQ. Thread-safe: posts, deliveries and the DLQ read may come from any thread.
 */
final class Tally {

    private static final int NOT_POSTED = 0;
    private static final int ACCEPTED = 1;
    private static final int REFUSED = 2;

    private final List<Scans.Scan> scans;
    private final Map<String, Integer> indexByBody;
    private final AtomicIntegerArray answer;
    private final AtomicIntegerArray deliveries;
    private final AtomicIntegerArray parkings;
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    private final AtomicLong deliveredCount = new AtomicLong();

    Tally(List<Scans.Scan> scans) {
        this.scans = List.copyOf(scans);
        this.indexByBody = new HashMap<>(scans.size() * 2);
        for (Scans.Scan scan : scans) {
            if (indexByBody.put(scan.body(), scan.index()) != null) {
                throw new IllegalArgumentException("Scan " + scan.index() + " has the body of another scan");
            }
            if (scans.get(scan.index()) != scan) {
                throw new IllegalArgumentException("Scan " + scan.index() + " is not at its index in the list");
            }
        }
        this.answer = new AtomicIntegerArray(scans.size());
        this.deliveries = new AtomicIntegerArray(scans.size());
        this.parkings = new AtomicIntegerArray(scans.size());
    }

    /** The API answered 2xx: the scan is in the queue. */
    void accepted(int index) {
        answer.set(index, ACCEPTED);
    }

    /** The API answered otherwise ({@code "HTTP 429"}) or the request failed ({@code "IOException"}). */
    void refused(int index, String reason) {
        answer.set(index, REFUSED);
        refusals.computeIfAbsent(reason, ignored -> new AtomicLong()).incrementAndGet();
    }

    /** The index of the scan with this exact body, or -1 if it is none of this run's. */
    int indexOf(String body) {
        Integer index = indexByBody.get(body);
        return index == null ? -1 : index;
    }

    /**
     * A scan reached the subscriber.
     *
     * @return how often it has now arrived: 1 the first time, more for a duplicate
     */
    int delivered(int index) {
        deliveredCount.incrementAndGet();
        return deliveries.incrementAndGet(index);
    }

    /** How often the scan has arrived so far. */
    int deliveries(int index) {
        return deliveries.get(index);
    }

    /** Messages received so far that were this run's scans, duplicates included (for the progress bar). */
    long deliveriesSoFar() {
        return deliveredCount.get();
    }

    /** A body read from the DLQ; false if it is none of this run's scans. */
    boolean parked(String body) {
        Integer index = indexByBody.get(body);
        if (index == null) {
            return false;
        }
        parkings.incrementAndGet(index);
        return true;
    }

    /** The counts now, and the verdict. */
    Result result() {
        long posted = 0;
        long accepted = 0;
        long delivered = 0;
        long duplicates = 0;
        long parked = 0;
        long lost = 0;
        long unroutedDelivered = 0;
        long routedParked = 0;
        long parkedTwice = 0;
        long deliveredAndParked = 0;
        long refusedButArrived = 0;
        for (Scans.Scan scan : scans) {
            int state = answer.get(scan.index());
            int times = deliveries.get(scan.index());
            int parks = parkings.get(scan.index());
            if (state != NOT_POSTED) {
                posted++;
            }
            if (times > 0) {
                delivered++;
                duplicates += times - 1;
                if (!scan.routed()) {
                    unroutedDelivered++;
                }
            }
            if (parks > 0) {
                parked++;
                parkedTwice += parks - 1;
                if (scan.routed()) {
                    routedParked++;
                }
            }
            if (times > 0 && parks > 0) {
                deliveredAndParked++;
            }
            if (state == ACCEPTED) {
                accepted++;
                if (times == 0 && parks == 0) {
                    lost++;
                }
            } else if (times > 0 || parks > 0) {
                refusedButArrived++;
            }
        }
        Map<String, Long> refused = new TreeMap<>();
        refusals.forEach((reason, count) -> refused.put(reason, count.get()));
        return new Result(
                posted,
                accepted,
                refused,
                delivered,
                duplicates,
                parked,
                lost,
                unroutedDelivered,
                routedParked,
                parkedTwice,
                deliveredAndParked,
                refusedButArrived);
    }

    /**
     * The account of a run. {@code lost} are accepted scans neither delivered nor parked; {@code duplicates} the extra
     * deliveries of scans that arrived more than once.
     */
    record Result(
            long posted,
            long accepted,
            Map<String, Long> refused,
            long delivered,
            long duplicates,
            long parked,
            long lost,
            long unroutedDelivered,
            long routedParked,
            long parkedTwice,
            long deliveredAndParked,
            long refusedButArrived) {

        /** HTTP 429 answers: the stack's throttle, which the benchmark raises above its load; any is worth a word. */
        long throttled() {
            return refused.getOrDefault("HTTP 429", 0L);
        }

        /**
         * Passed: nothing lost, nothing delivered twice, and the DLQ holds exactly the unrouted scans, once each (no
         * routed scan parked, no unrouted scan delivered, none both delivered and parked).
         */
        boolean passed() {
            return lost == 0
                    && duplicates == 0
                    && unroutedDelivered == 0
                    && routedParked == 0
                    && parkedTwice == 0
                    && deliveredAndParked == 0;
        }
    }
}
