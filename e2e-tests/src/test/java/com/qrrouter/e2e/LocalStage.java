package com.qrrouter.e2e;

import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackConfig;
import java.net.URI;
import java.time.Duration;

/**
 * The local stack on free ports, started once for every test class of the run and stopped when the test JVM ends.
 * The route cache TTL is short so that a route added by a test is seen at once.
 */
final class LocalStage implements StageUnderTest {

    static final Duration ROUTE_CACHE_TTL = Duration.ofSeconds(1);

    private static LocalStage shared;

    private final LocalStack stack;

    private LocalStage(LocalStack stack) {
        this.stack = stack;
    }

    static synchronized LocalStage shared() {
        if (shared == null) {
            LocalStack stack = LocalStack.start(LocalStackConfig.builder()
                    .freePorts()
                    .routeCacheTtl(ROUTE_CACHE_TTL)
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
            shared = new LocalStage(stack);
        }
        return shared;
    }

    LocalStack stack() {
        return stack;
    }

    @Override
    public URI tokenUri() {
        return stack.tokenUri();
    }

    @Override
    public URI messageUri() {
        return stack.messageUri();
    }

    @Override
    public String clientId() {
        return stack.machineClient().clientId();
    }

    @Override
    public String clientSecret() {
        return stack.machineClient().clientSecret();
    }
}
