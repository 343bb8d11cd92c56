package com.qrrouter.local.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler for tests of {@link RouterProcess}, packed into a jar of its own. What it does is chosen by each record's
 * body: {@code ok}, {@code fail} (a batch item failure), {@code throw}, {@code exit} (the JVM dies), {@code sleep}
 * (longer than any test timeout), {@code env:NAME} (fails unless NAME is set), {@code noenv:NAME} (fails if it is
 * set), {@code remaining} (fails unless the context's remaining time is positive and at most the timeout).
 * {@code FAKE_INIT=fail} in the environment makes its construction fail.
 */
public final class FakeRouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    public FakeRouterHandler() {
        if ("fail".equals(System.getenv("FAKE_INIT"))) {
            throw new IllegalStateException("FAKE_INIT asked the init to fail");
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
                    sleep();
                    yield true;
                }
                case "env" -> System.getenv(body.substring(4)) == null;
                case "noenv" -> System.getenv(body.substring(6)) != null;
                case "remaining" ->
                    context.getRemainingTimeInMillis() <= 0 || context.getRemainingTimeInMillis() > 2_000;
                default -> true;
            };
            if (failed) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
