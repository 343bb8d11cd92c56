package com.qrrouter.e2e;

import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local stack on free ports, started once for every test class of the run and stopped when the test JVM ends.
 * The route cache TTL is short so that a route added by a test is seen at once. The router's output goes to
 * {@code target/router-function.log}.
 */
public final class LocalStage {

    static final Duration ROUTE_CACHE_TTL = Duration.ofSeconds(1);

    /** Where the router's output goes. */
    static final Path ROUTER_LOG = Path.of("target", "router-function.log");

    private static LocalStage shared;

    private final LocalStack stack;

    private LocalStage(LocalStack stack) {
        this.stack = stack;
    }

    public static synchronized LocalStage shared() {
        if (shared == null) {
            LocalStack stack = LocalStack.start(LocalStackConfig.builder()
                    .freePorts()
                    .routeCacheTtl(ROUTE_CACHE_TTL)
                    .routerOutput(routerLog(ROUTER_LOG))
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
            shared = new LocalStage(stack);
        }
        return shared;
    }

    /**
     * A file for the router's JSON logs and metrics (they stay out of the build output), created anew; the shared
     * stack writes to {@link #ROUTER_LOG}, suites with a stack of their own to a file of their own.
     */
    static PrintStream routerLog(Path log) {
        try {
            Files.createDirectories(log.getParent());
            return new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + log.toAbsolutePath(), e);
        }
    }

    public LocalStack stack() {
        return stack;
    }
}
