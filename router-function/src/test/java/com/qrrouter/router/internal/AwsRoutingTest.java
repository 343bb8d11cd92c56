package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.local.runtime.LocalLambdaContext;
import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.idempotency.Idempotency;

class AwsRoutingTest {

    @Test
    void configurePowertoolsIdempotency_whenCalled_givesPowertoolsTheStoreAndWindowSoItTakesTheLambdaContext() {
        InMemoryPersistenceStore store = new InMemoryPersistenceStore();

        AwsRouting.configurePowertoolsIdempotency(store, Duration.ofMinutes(90));
        Idempotency.registerLambdaContext(LocalLambdaContext.create("aws-routing-test", Duration.ofSeconds(30)));

        assertThat(Idempotency.getInstance().getPersistenceStore()).isSameAs(store);
        assertThat(Idempotency.getInstance().getConfig().getExpirationInSeconds())
                .isEqualTo(90 * 60);
    }
}
