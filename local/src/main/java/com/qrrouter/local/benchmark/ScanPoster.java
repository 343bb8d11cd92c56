package com.qrrouter.local.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts scans to the stack's API as an integrating client does ({@code Authorization: Bearer}, JSON body), either closed
 * loop (a fixed number of clients, each posting its next scan when the last is answered) or open loop (scans due at a
 * fixed rate whatever the stack does; a scan's latency counts from when it was due, so a stalled stack shows in the
 * figures instead of slowing the sender: no coordinated omission).
 */
final class ScanPoster implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Open loop: requests in flight at most, so a stack that stops answering does not exhaust the client. */
    private static final int MAX_IN_FLIGHT = 2_000;

    private final HttpClient http;
    private final URI messageUri;
    private final String authorization;

    ScanPoster(URI messageUri, String accessToken) {
        // HTTP/1.1 as API Gateway's clients mostly use; the JDK client would otherwise try an h2c upgrade per
        // connection.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.messageUri = messageUri;
        this.authorization = "Bearer " + accessToken;
    }

    private HttpRequest request(Scans.Scan scan) {
        return HttpRequest.newBuilder(messageUri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(scan.body()))
                .build();
    }

    /** Posts one scan and waits for the answer. */
    void post(Phase phase, Scans.Scan scan) {
        phase.sending(scan.index(), System.nanoTime());
        try {
            HttpResponse<Void> response = http.send(request(scan), HttpResponse.BodyHandlers.discarding());
            answered(phase, scan, response.statusCode(), null);
        } catch (IOException e) {
            answered(phase, scan, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answered(phase, scan, 0, e);
        }
    }

    /** Closed loop: {@code concurrency} clients post the phase's scans, each its next one once answered. */
    void closedLoop(Phase phase, int concurrency) throws InterruptedException {
        List<Scans.Scan> scans = phase.scans();
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofPlatform().name("load-benchmark-client-" + c).start(() -> {
                for (int i = next.getAndIncrement(); i < scans.size(); i = next.getAndIncrement()) {
                    post(phase, scans.get(i));
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    /**
     * Open loop: scan {@code i} is due at {@code start + i / rate}; it is sent then (or at once, if the sender is behind)
     * and its latency counts from when it was due. Returns once every scan is answered.
     */
    void openLoop(Phase phase, double ratePerSecond) throws InterruptedException {
        List<Scans.Scan> scans = phase.scans();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        List<CompletableFuture<Void>> answers = new ArrayList<>(scans.size());
        long start = System.nanoTime();
        for (Scans.Scan scan : scans) {
            long due = start + (long) (scan.index() * 1e9 / ratePerSecond);
            long wait = due - System.nanoTime();
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                wait = due - System.nanoTime();
            }
            inFlight.acquire();
            phase.sending(scan.index(), due);
            answers.add(http.sendAsync(request(scan), HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        inFlight.release();
                        answered(phase, scan, response == null ? 0 : response.statusCode(), error);
                        return null;
                    }));
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Each answer or failure is already counted by its own handler.
        }
    }

    private static void answered(Phase phase, Scans.Scan scan, int status, Throwable error) {
        phase.answered(scan.index(), System.nanoTime());
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            phase.tally().refused(scan.index(), cause.getClass().getSimpleName());
        } else if (status / 100 == 2) {
            phase.tally().accepted(scan.index());
        } else {
            phase.tally().refused(scan.index(), "HTTP " + status);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
