package com.qrrouter.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.internal.LoopbackHttpServer;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Runtime API (AWS Lambda developer guide, "Using the Lambda runtime API for custom runtimes") for one execution
 * environment, on a loopback port, served by the JDK's HTTP server: what AWS's Java runtime interface client in the
 * router's JVM talks to.
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: blocks until {@link #invoke} offers an invocation, then answers
 *       its event (HTTP/1.1, {@code Content-Type: application/json}) with Lambda's {@code Lambda-Runtime-*} headers:
 *       request id, deadline (epoch ms), invoked function ARN, trace id, client context and Cognito identity (empty, as
 *       for an SQS invocation; the client needs both headers present). The first call says the init is done.
 *   <li>{@code POST …/invocation/{id}/response}: the function's answer, completing that invocation.
 *   <li>{@code POST …/invocation/{id}/error}: the function failed that invocation ({@code errorType},
 *       {@code errorMessage}, {@code stackTrace}).
 *   <li>{@code POST /2018-06-01/runtime/init/error}: the init failed; the client then ends its JVM.
 * </ul>
 *
 * Posts are answered {@code 202 Accepted}, as Lambda does; an unknown request id {@code 400}.
 */
final class RuntimeApiServer implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION_POST = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One invocation offered to the function: its event and Lambda's headers, and the outcome once it is known. */
    record Invocation(
            String requestId,
            long deadlineEpochMillis,
            String functionArn,
            String traceId,
            byte[] event,
            CompletableFuture<Outcome> outcome) {}

    /** How an invocation ended, as the function reported it. */
    sealed interface Outcome permits Response, Failure {}

    /** The function's answer (the handler's result, serialized by Lambda's Java runtime). */
    record Response(byte[] payload) implements Outcome {}

    /** The function's error report: {@code Lambda-Runtime-Function-Error-Type} and the error document. */
    record Failure(String errorType, String errorMessage, String stackTrace) implements Outcome {

        /** The error as one text: type, message and the function's stack trace. */
        String describe() {
            return errorType + ": " + errorMessage + (stackTrace.isEmpty() ? "" : "\n" + stackTrace);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final LinkedBlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    /** Completed by the first {@code /next} (init done) or with the init error. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private volatile boolean closed;

    private RuntimeApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on a free loopback port. */
    static RuntimeApiServer start() throws IOException {
        HttpServer server = LoopbackHttpServer.create(0, 0);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        RuntimeApiServer api = new RuntimeApiServer(server, executor);
        server.setExecutor(executor);
        server.createContext(PREFIX, api::handle);
        server.start();
        return api;
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completed when the function first asks for an invocation, or exceptionally with {@link InitError}. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Offers the invocation to the function's next {@code /next}; its outcome completes when the function reports. */
    void invoke(Invocation invocation) {
        inFlight.put(invocation.requestId(), invocation);
        pending.add(invocation);
    }

    /** Forgets an invocation that will not be answered (timed out, or its JVM ended). */
    void abandon(Invocation invocation) {
        pending.remove(invocation);
        inFlight.remove(invocation.requestId());
    }

    /** The init failed, as the function reported it. */
    static final class InitError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InitError(String message) {
            super(message, null, false, false);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
                return;
            }
            if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
                Failure failure = failure(exchange);
                ready.completeExceptionally(new InitError(failure.describe()));
                answer(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher post = INVOCATION_POST.matcher(path);
            if (method.equals("POST") && post.matches()) {
                Invocation invocation = inFlight.remove(post.group(1));
                if (invocation == null) {
                    answer(
                            exchange,
                            400,
                            "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                Outcome outcome = post.group(2).equals("response")
                        ? new Response(exchange.getRequestBody().readAllBytes())
                        : failure(exchange);
                invocation.outcome().complete(outcome);
                answer(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            answer(exchange, 404, "{\"errorMessage\":\"Unknown resource\",\"errorType\":\"UnknownResource\"}");
        }
    }

    /** Waits for the next invocation (the function's JVM is frozen meanwhile, or waits in this call). */
    private void next(HttpExchange exchange) throws IOException {
        ready.complete(null);
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = pending.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            answer(exchange, 500, "{\"errorMessage\":\"The runtime API is shut down\",\"errorType\":\"ShutDown\"}");
            return;
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
        headers.set("Lambda-Runtime-Client-Context", "");
        headers.set("Lambda-Runtime-Cognito-Identity", "");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(invocation.event());
        }
    }

    /** The error document of an error post: Lambda's {@code errorType}, {@code errorMessage} and {@code stackTrace}. */
    private static Failure failure(HttpExchange exchange) throws IOException {
        String headerType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        JsonNode error;
        try {
            error = JSON.readTree(body);
        } catch (IOException e) {
            error = null;
        }
        if (error == null || !error.isObject()) {
            String text = new String(body, StandardCharsets.UTF_8);
            return new Failure(headerType != null ? headerType : "Unknown", text, "");
        }
        String type = error.path("errorType").asText(headerType != null ? headerType : "Unknown");
        StringBuilder stackTrace = new StringBuilder();
        for (JsonNode frame : error.path("stackTrace")) {
            stackTrace.append("\tat ").append(frame.asText()).append('\n');
        }
        return new Failure(
                type,
                error.path("errorMessage").asText(""),
                stackTrace.toString().stripTrailing());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    /** Stops serving; a {@code /next} waiting for an invocation is answered with an error. */
    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
