package com.qrrouter.local.benchmark;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scans a run posts: valid QR messages (schemas/), each unique by {@code QRCode} and {@code Time}, so none is a
 * duplicate of another for the router's idempotency; a share of them for a client without a route, which the router
 * parks in the DLQ ({@code UNKNOWN_CLIENT}).
 */
final class Scans {

    /** The seed route's client: its scans are published to {@code qr-router/local/MyTopic}. */
    static final String ROUTED_CLIENT_ID = "DemoClient";

    /** A client that has no route: its scans are parked. */
    static final String UNROUTED_CLIENT_ID = "LoadBenchmarkNoRoute";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

    /** One scan: its place in the run, its body as posted (and as it must arrive) and whether it has a route. */
    record Scan(int index, String body, boolean routed) {}

    private Scans() {}

    /**
     * {@code count} scans whose QR codes start with {@code runId}, scan times one second apart from {@code firstTime},
     * and {@code unroutedPercent} % of them (rounded down, spread evenly) for {@link #UNROUTED_CLIENT_ID}.
     */
    static List<Scan> create(String runId, int count, int unroutedPercent, LocalDateTime firstTime) {
        if (count < 0 || unroutedPercent < 0 || unroutedPercent > 100) {
            throw new IllegalArgumentException(
                    "Need a count >= 0 and a percentage 0..100, got " + count + " and " + unroutedPercent);
        }
        if (!runId.matches("[A-Za-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("A run id is 1 to 32 letters, digits and '-', got '" + runId + "'");
        }
        List<Scan> scans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean routed = !isUnrouted(i, unroutedPercent);
            String body = "{\"ClientID\":\"" + (routed ? ROUTED_CLIENT_ID : UNROUTED_CLIENT_ID) + "\",\"QRCode\":\""
                    + runId + "-" + i + "\",\"Time\":\"" + TIME.format(firstTime.plusSeconds(i))
                    + "\",\"STATE\":\"ACTIVE\",\"LOCATION\":\"LT100LN200\",\"TEST\":\"load benchmark scan " + i + "\"}";
            scans.add(new Scan(i, body, routed));
        }
        return scans;
    }

    /** Spreads the unrouted ones evenly: scan {@code i} is unrouted when {@code (i+1)·p/100} passes a whole number. */
    private static boolean isUnrouted(int index, int percent) {
        return (long) (index + 1) * percent / 100 > (long) index * percent / 100;
    }
}
