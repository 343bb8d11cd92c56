package com.qrrouter.router.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.runtime.LocalLambdaContext;
import com.qrrouter.router.fakes.SqsEvents;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a Lambda handler the way the Lambda Java runtime does, in a fresh JVM: construct the handler class, invoke it
 * with an SQS event read from a file, print one {@code RESULT …} line with the timings and the failed message ids.
 * Used by the jar IT and the cold-start benchmark.
 *
 * <p>Arguments: handler class name, path of an SQS event JSON file.
 */
public final class HandlerRunner {

    private HandlerRunner() {}

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainStart = System.currentTimeMillis();
        SQSEvent event = SqsEvents.loadFile(Path.of(args[1]));
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, Object> handler = (RequestHandler<SQSEvent, Object>)
                Class.forName(args[0]).getConstructor().newInstance();
        long initDone = System.currentTimeMillis();
        Context context = LocalLambdaContext.create("qr-router-local", Duration.ofSeconds(30));
        Object response = handler.handleRequest(event, context);
        long batchDone = System.currentTimeMillis();
        String failures = response instanceof SQSBatchResponse batch
                ? String.join(
                        ",",
                        batch.getBatchItemFailures().stream()
                                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                                .toList())
                : "";
        System.out.printf(
                "RESULT jvmToMainMs=%d initMs=%d firstBatchMs=%d jvmToBatchDoneMs=%d failures=[%s]%n",
                mainStart - jvmStart, initDone - mainStart, batchDone - initDone, batchDone - jvmStart, failures);
        System.out.flush();
        System.exit(0);
    }
}
