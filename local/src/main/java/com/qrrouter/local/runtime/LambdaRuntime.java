package com.qrrouter.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of the router's own JVM ({@link RouterJvm}): a minimal Lambda Java runtime. It constructs the handler
 * once (the init phase, reading its settings from the environment it was given), then serves one SQS batch after the
 * other as the Lambda service would, answering the ids of the batch item failures. Between answers the local stack
 * freezes this JVM, and at a timeout the launcher kills it: nothing here needs to know. When the launcher closes the
 * connection, the JVM ends (exit 0), whatever threads the handler left running.
 *
 * <p>An init error is printed to the function's output, as Lambda logs it, and answered with its stack trace; the JVM
 * then ends (exit 1). On request, and only then, it also reports its own CPU, GC and allocation figures
 * ({@link JvmUsage}), for the benchmark.
 *
 * <p>Its class path is the deployable router jar plus this class's code source; it uses only the JDK and the Lambda
 * libraries inside the router jar.
 *
 * <p>Arguments: handler ({@code class::method}), the launcher's loopback port, function name, function ARN, memory
 * (MB).
 */
public final class LambdaRuntime {

    private LambdaRuntime() {}

    public static void main(String[] args) throws IOException {
        String handlerClass = args[0].split("::", 2)[0];
        int port = Integer.parseInt(args[1]);
        String functionName = args[2];
        String functionArn = args[3];
        int memoryMb = Integer.parseInt(args[4]);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            long initStart = System.nanoTime();
            RequestHandler<SQSEvent, Object> handler;
            try {
                handler = construct(handlerClass);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                String stackTrace = stackTrace(e);
                System.err.print("Init error of " + handlerClass + ": " + stackTrace);
                System.err.flush();
                RouterWire.writeError(out, RouterWire.INIT_ERROR, stackTrace);
                System.exit(1);
                return;
            }
            RouterWire.writeReady(out, System.nanoTime() - initStart);
            serve(handler, in, out, functionName, functionArn, memoryMb);
        }
        System.exit(0);
    }

    /** Answers requests until the launcher closes the connection. */
    private static void serve(
            RequestHandler<SQSEvent, Object> handler,
            DataInputStream in,
            DataOutputStream out,
            String functionName,
            String functionArn,
            int memoryMb)
            throws IOException {
        while (true) {
            RouterWire.Request request;
            try {
                request = RouterWire.readRequest(in);
            } catch (EOFException e) {
                return;
            }
            switch (request) {
                case RouterWire.Batch batch -> {
                    LocalLambdaContext context = new LocalLambdaContext(
                            batch.requestId(), functionName, functionArn, memoryMb, batch.deadlineEpochMillis());
                    try {
                        Object response = handler.handleRequest(event(batch.records()), context);
                        RouterWire.writeResult(out, failedIds(response));
                    } catch (RuntimeException | Error e) {
                        // An unhandled error fails the whole invocation: the event source retries every record.
                        RouterWire.writeError(out, RouterWire.ERROR, stackTrace(e));
                    }
                }
                case RouterWire.UsageRequest usage -> {
                    if (usage.collectGarbageFirst()) {
                        System.gc();
                    }
                    RouterWire.writeUsage(out, JvmUsage.ofThisJvm());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, Object> construct(String handlerClass) throws ReflectiveOperationException {
        Class<?> type = Class.forName(handlerClass);
        return (RequestHandler<SQSEvent, Object>) type.getConstructor().newInstance();
    }

    private static SQSEvent event(List<SqsRecord> records) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>(records.size());
        for (SqsRecord record : records) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(record.messageId());
            message.setReceiptHandle(record.receiptHandle());
            message.setBody(record.body());
            message.setMd5OfBody(record.md5OfBody());
            message.setMd5OfMessageAttributes(record.md5OfMessageAttributes());
            message.setEventSource("aws:sqs");
            message.setEventSourceArn(record.eventSourceArn());
            message.setAwsRegion(record.awsRegion());
            message.setAttributes(new LinkedHashMap<>(record.attributes()));
            Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
            record.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(value.dataType());
                attribute.setStringValue(value.stringValue());
                attributes.put(name, attribute);
            });
            message.setMessageAttributes(attributes);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static List<String> failedIds(Object response) {
        if (!(response instanceof SQSBatchResponse batch) || batch.getBatchItemFailures() == null) {
            // Without a batch response the whole batch counts as processed, as with the Lambda event source.
            return List.of();
        }
        return batch.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
