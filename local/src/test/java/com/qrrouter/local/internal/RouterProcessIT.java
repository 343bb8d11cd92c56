package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.runtime.SqsRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function's own JVM, driven as the event source drives it, with {@link FakeRouterHandler} packed into a jar the
 * way the router is (handler + Lambda libraries), so each failure mode of a Lambda invocation can be provoked.
 */
class RouterProcessIT {

    private static final String HANDLER = FakeRouterHandler.class.getName() + "::handleRequest";

    @TempDir
    static Path dir;

    private static Path jar;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    static void packJar() throws Exception {
        jar = dir.resolve("fake-router.jar");
        Set<String> names = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String handlerEntry = FakeRouterHandler.class.getName().replace('.', '/') + ".class";
            try (InputStream in = FakeRouterHandler.class.getResourceAsStream("/" + handlerEntry)) {
                copy(out, names, handlerEntry, in);
            }
            for (Class<?> library : List.of(RequestHandler.class, SQSEvent.class)) {
                try (JarFile libraryJar = new JarFile(location(library).toFile())) {
                    for (JarEntry entry : java.util.Collections.list(libraryJar.entries())) {
                        if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                            try (InputStream in = libraryJar.getInputStream(entry)) {
                                copy(out, names, entry.getName(), in);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void invoke_whenRecordsFailOrNot_answersTheFailedIdsWithTheGivenEnvironmentOnly() {
        try (RouterProcess function = function(Map.of("ROUTES_TABLE_NAME", "routes"), Duration.ofSeconds(1))) {
            List<String> failed = function.invoke(List.of(
                    record("1", "ok"),
                    record("2", "fail"),
                    record("3", "env:ROUTES_TABLE_NAME"),
                    record("4", "noenv:HOME"),
                    record("5", "remaining")));

            assertThat(failed).containsExactly("2");
        }
    }

    @Test
    void invoke_whenHandlerThrows_failsTheInvocationAndKeepsServing() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> function.invoke(List.of(record("1", "throw"))))
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("asked to throw");

            assertThat(function.invoke(List.of(record("2", "fail")))).containsExactly("2");
        }
    }

    @Test
    void invoke_whenTheJvmDies_failsTheInvocationAndTheNextBatchStartsAFreshJvm() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> function.invoke(List.of(record("1", "exit"))))
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("ended during invocation");

            assertThat(function.invoke(List.of(record("2", "ok")))).isEmpty();
        }
    }

    @Test
    void invoke_whenHandlerOutlivesItsTimeout_failsTheInvocation() {
        try (RouterProcess function = function(Map.of(), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> function.invoke(List.of(record("1", "sleep"))))
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("did not answer within its timeout of 1 s");

            assertThat(function.invoke(List.of(record("2", "ok")))).isEmpty();
        }
    }

    @Test
    void start_whenTheHandlerInitFails_saysWhy() {
        try (RouterProcess function = function(Map.of("FAKE_INIT", "fail"), Duration.ofSeconds(5))) {
            assertThatThrownBy(function::start)
                    .isInstanceOf(BatchInvoker.InvocationFailedException.class)
                    .hasMessageContaining("init error")
                    .hasMessageContaining("FAKE_INIT asked the init to fail");
        }
    }

    @Test
    void constructor_whenTheJarIsMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> new RouterProcess(
                        dir.resolve("missing.jar"), Map.of(), "f", "arn", 256, Duration.ofSeconds(1), System.out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl router-function package");
    }

    private RouterProcess function(Map<String, String> environment, Duration timeout) {
        return new RouterProcess(
                jar,
                HANDLER,
                environment,
                "fake-router",
                "arn:aws:lambda:eu-west-1:000000000000:function:fake-router",
                256,
                timeout,
                new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private static SqsRecord record(String id, String body) {
        return new SqsRecord(
                id,
                "receipt-" + id,
                body,
                null,
                null,
                "arn:aws:sqs:eu-west-1:000000000000:q",
                "eu-west-1",
                Map.of("ApproximateReceiveCount", "1"),
                Map.of());
    }

    private static void copy(JarOutputStream out, Set<String> names, String name, InputStream in) throws IOException {
        if (names.add(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
