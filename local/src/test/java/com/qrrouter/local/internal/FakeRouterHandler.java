package com.qrrouter.local.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A handler for tests of {@link RouterProcess}, packed into a jar of its own. What it does is chosen by each record's
 * body: {@code ok}, {@code fail} (a batch item failure), {@code throw}, {@code exit} (the JVM dies), {@code sleep}
 * (prints {@code sleeping}, then sleeps longer than any test timeout), {@code sleep:<ms>} (sleeps that long, then
 * succeeds), {@code env:NAME} (fails unless NAME is set), {@code noenv:NAME} (fails if it is set), {@code remaining}
 * (fails unless the context's remaining time is positive and at most the timeout), {@code remaining:print} (prints
 * {@code remainingMillis=<n>}), {@code tick} (starts, once, a background thread that keeps counting in the file named
 * by {@code FAKE_TICK_FILE}, and answers after its first tick). In the environment, {@code FAKE_INIT=fail} makes the
 * construction fail and {@code FAKE_INIT=tick} starts the counting thread during init.
 */
public final class FakeRouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static Thread ticker;

    public FakeRouterHandler() {
        if ("fail".equals(System.getenv("FAKE_INIT"))) {
            throw new IllegalStateException("FAKE_INIT asked the init to fail");
        }
        if ("tick".equals(System.getenv("FAKE_INIT"))) {
            startTicking();
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String body = message.getBody();
            boolean failed = switch (body.split(":", 2)[0]) {
                case "ok" -> false;
                case "fail" -> true;
                case "throw" -> throw new IllegalArgumentException("asked to throw");
                case "exit" -> {
                    System.exit(3);
                    yield true;
                }
                case "sleep" -> {
                    if (body.equals("sleep")) {
                        System.out.println("sleeping");
                        sleep(60_000);
                        yield true;
                    }
                    sleep(Long.parseLong(body.substring(6)));
                    yield false;
                }
                case "env" -> System.getenv(body.substring(4)) == null;
                case "noenv" -> System.getenv(body.substring(6)) != null;
                case "remaining" -> {
                    if (body.equals("remaining:print")) {
                        System.out.println("remainingMillis=" + context.getRemainingTimeInMillis());
                        yield false;
                    }
                    yield context.getRemainingTimeInMillis() <= 0 || context.getRemainingTimeInMillis() > 2_000;
                }
                case "tick" -> {
                    startTicking();
                    yield false;
                }
                default -> true;
            };
            if (failed) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Work that outlives the invocation: a counter written every 5 ms, as long as the JVM runs. */
    private static synchronized void startTicking() {
        if (ticker != null) {
            return;
        }
        Path file = Path.of(System.getenv("FAKE_TICK_FILE"));
        CountDownLatch firstTick = new CountDownLatch(1);
        ticker = new Thread(
                () -> {
                    Path next = file.resolveSibling(file.getFileName() + ".next");
                    for (long tick = 1; ; tick++) {
                        try {
                            Files.writeString(next, Long.toString(tick), StandardCharsets.UTF_8);
                            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        firstTick.countDown();
                        sleep(5);
                    }
                },
                "fake-ticker");
        ticker.setDaemon(true);
        ticker.start();
        try {
            firstTick.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
