package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.local.LoopbackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Runtime API as a client other than AWS's sees it, over HTTP/1.1 on loopback: what {@code /next} answers, and what
 * the posts do. {@code RouterJvmIT} runs AWS's client against it.
 */
class RuntimeApiServerIT {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RuntimeApiServer api;

    @BeforeEach
    void start() throws Exception {
        api = RuntimeApiServer.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void next_whenAnInvocationIsOffered_answersItsEventWithLambdasHeaders() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(get(NEXT), HttpResponse.BodyHandlers.ofString());
        api.ready().get(5, TimeUnit.SECONDS);
        assertThat(next).isNotDone();

        RuntimeApiServer.Invocation invocation = invocation("req-1", "{\"Records\":[]}");
        api.invoke(invocation);
        HttpResponse<String> response = next.get(5, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.body()).isEqualTo("{\"Records\":[]}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Lambda-Runtime-Aws-Request-Id"))
                .hasValue("req-1");
        assertThat(response.headers().firstValue("Lambda-Runtime-Deadline-Ms")).hasValue("1765000000000");
        assertThat(response.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue("arn:aws:lambda:eu-west-1:000000000000:function:f");
        assertThat(response.headers().firstValue("Lambda-Runtime-Trace-Id")).hasValue("Root=1-a-b;Sampled=0");
        assertThat(response.headers().map())
                .containsKeys("lambda-runtime-client-context", "lambda-runtime-cognito-identity");
    }

    @Test
    void response_whenPosted_completesTheInvocationWithThePayload() throws Exception {
        RuntimeApiServer.Invocation invocation = invocation("req-2", "{}");
        api.invoke(invocation);
        http.send(get(NEXT), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> posted = http.send(
                post("/2018-06-01/runtime/invocation/req-2/response", "{\"batchItemFailures\":[]}", null),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(202);
        RuntimeApiServer.Outcome outcome = invocation.outcome().get(5, TimeUnit.SECONDS);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        RuntimeApiServer.Response.class,
                        r -> assertThat(new String(r.payload(), StandardCharsets.UTF_8))
                                .isEqualTo("{\"batchItemFailures\":[]}"));
    }

    @Test
    void error_whenPosted_failsTheInvocationWithTheErrorTypeMessageAndStackTrace() throws Exception {
        RuntimeApiServer.Invocation invocation = invocation("req-3", "{}");
        api.invoke(invocation);
        http.send(get(NEXT), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> posted = http.send(
                post(
                        "/2018-06-01/runtime/invocation/req-3/error",
                        "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\","
                                + "\"stackTrace\":[\"a.B.c(B.java:1)\"]}",
                        "java.lang.IllegalStateException"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(invocation.outcome().get(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        RuntimeApiServer.Failure.class,
                        failure -> assertThat(failure.describe())
                                .isEqualTo("java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)"));
    }

    @Test
    void initError_whenPosted_failsReadyWithTheError() throws Exception {
        HttpResponse<String> posted = http.send(
                post(
                        "/2018-06-01/runtime/init/error",
                        "{\"errorMessage\":\"TABLE is not set\",\"errorType\":\"java.lang.IllegalStateException\"}",
                        "Runtime.BadFunctionCode"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThatThrownBy(() -> api.ready().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RuntimeApiServer.InitError.class)
                .hasMessageContaining("java.lang.IllegalStateException: TABLE is not set");
    }

    @Test
    void response_whenTheRequestIdIsUnknown_answers400() throws Exception {
        HttpResponse<String> posted = http.send(
                post("/2018-06-01/runtime/invocation/nobody/response", "{}", null),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("InvalidRequestID");
    }

    @Test
    void start_whenStarted_listensOnLoopbackOnly() throws Exception {
        LoopbackPorts.assertLoopbackOnly(
                Integer.parseInt(api.address().substring(api.address().indexOf(':') + 1)));
    }

    private RuntimeApiServer.Invocation invocation(String id, String event) {
        return new RuntimeApiServer.Invocation(
                id,
                1765000000000L,
                "arn:aws:lambda:eu-west-1:000000000000:function:f",
                "Root=1-a-b;Sampled=0",
                event.getBytes(StandardCharsets.UTF_8),
                new CompletableFuture<>());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + api.address() + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
    }

    private HttpRequest post(String path, String body, String errorType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + api.address() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return request.build();
    }
}
