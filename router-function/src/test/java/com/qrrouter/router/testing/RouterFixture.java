package com.qrrouter.router.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.qrrouter.router.Router;
import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import com.qrrouter.router.fakes.InMemoryRouteTable;
import com.qrrouter.router.fakes.RecordingDeadLetterQueue;
import com.qrrouter.router.fakes.RecordingPublisher;
import java.time.Duration;
import java.util.List;

/**
 * The router on in-memory fakes, one per test: the routes {@code DemoClient → qr-router/test/MyTopic} and
 * {@code RogueClient → MyTopic} (outside the prefix), a recording publisher and dead-letter queue, an in-memory
 * Powertools idempotency store. Tests reach into the fakes to fail calls or look at what happened.
 */
public final class RouterFixture {

    public static final String PREFIX = "qr-router/test/";
    public static final String DEMO_TOPIC = PREFIX + "MyTopic";

    public final InMemoryRouteTable routes =
            new InMemoryRouteTable().put("DemoClient", DEMO_TOPIC).put("RogueClient", "MyTopic");
    public final RecordingPublisher publisher = new RecordingPublisher();
    public final RecordingDeadLetterQueue deadLetters = new RecordingDeadLetterQueue();
    public final InMemoryPersistenceStore idempotencyStore = new InMemoryPersistenceStore();

    /** A builder on the fakes, route cache off (every lookup reads the table); the rest as the builder's defaults. */
    public Router.Builder builder() {
        return Router.builder()
                .topicPrefix(PREFIX)
                .routeTable(routes)
                .routeCacheTtl(Duration.ZERO)
                .publisher(publisher)
                .deadLetterQueue(deadLetters)
                .idempotencyStore(idempotencyStore);
    }

    /** The message ids of a partial batch response, in its order. */
    public static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
