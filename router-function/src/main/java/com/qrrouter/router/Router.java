package com.qrrouter.router;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.internal.AwsClients;
import com.qrrouter.router.internal.CachingRouteTable;
import com.qrrouter.router.internal.DynamoDbIdempotencyStore;
import com.qrrouter.router.internal.DynamoDbRouteTable;
import com.qrrouter.router.internal.IotDataPlanePublisher;
import com.qrrouter.router.internal.PowertoolsIdempotencyGuard;
import com.qrrouter.router.internal.RecordRouter;
import com.qrrouter.router.internal.SqsDeadLetterQueue;
import com.qrrouter.router.internal.TopicPolicy;
import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.settings.PipelineSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;

/**
 * Wires the router from its parts: the ports (routes, publisher, dead-letter queue, idempotency store) and the
 * settings. The Lambda handler builds one from AWS clients; tests and the benchmark build one from fakes or local
 * endpoints with {@link #builder()}.
 */
public final class Router {

    /** How long a record waits for another attempt holding the same scan (see {@code RecordRouter}). */
    public static final Duration DEFAULT_IN_PROGRESS_WAIT = Duration.ofSeconds(2);

    private final SqsBatchRouter batchRouter;

    private Router(SqsBatchRouter batchRouter) {
        this.batchRouter = batchRouter;
    }

    /** Routes one batch; see {@link SqsBatchRouter#route}. */
    public SqsBatchRouter.BatchReport route(SQSEvent event, Duration timeBudget) {
        return batchRouter.route(event, timeBudget);
    }

    /** A router on AWS: DynamoDB routes and idempotency, IoT data-plane publish, SQS dead-letter queue. */
    public static Router onAws(RouterSettings settings, AwsClients clients) {
        DynamoDbIdempotencyStore store =
                new DynamoDbIdempotencyStore(clients.dynamoDb(), settings.idempotencyTableName());
        // Powertools' own entry point sees the same store and window (registerLambdaContext needs it configured).
        Idempotency.config()
                .withPersistenceStore(store)
                .withConfig(PowertoolsIdempotencyGuard.idempotencyConfig(settings.idempotencyWindow()))
                .configure();
        return builder()
                .topicPrefix(settings.topicPrefix())
                .routeTable(new DynamoDbRouteTable(clients.dynamoDb(), settings.routesTableName()))
                .routeCacheTtl(settings.routeCacheTtl())
                .publisher(new IotDataPlanePublisher(clients.iot()))
                .deadLetterQueue(new SqsDeadLetterQueue(
                        clients.sqs(), settings.deadLetterQueueUrl().toString()))
                .idempotencyStore(store)
                .idempotencyWindow(settings.idempotencyWindow())
                .recordConcurrency(settings.recordConcurrency())
                .longestCall(AwsClients.API_CALL_TIMEOUT)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults of {@code PipelineSettings}. */
    public static final class Builder {
        private String topicPrefix;
        private RouteTable routeTable;
        private Duration routeCacheTtl = PipelineSettings.ROUTE_CACHE_TTL;
        private MessagePublisher publisher;
        private DeadLetterQueue deadLetterQueue;
        private IdempotencyGuard idempotencyGuard;
        private BasePersistenceStore idempotencyStore;
        private Duration idempotencyWindow = PipelineSettings.IDEMPOTENCY_WINDOW;
        private int recordConcurrency = PipelineSettings.RECORD_CONCURRENCY;
        private Clock clock = Clock.systemUTC();
        private ExecutorService pool;
        private Duration inProgressWait = DEFAULT_IN_PROGRESS_WAIT;
        private Duration longestCall = AwsClients.API_CALL_TIMEOUT;

        private Builder() {}

        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
            return this;
        }

        public Builder routeTable(RouteTable routeTable) {
            this.routeTable = routeTable;
            return this;
        }

        /** Cache time of route lookups; zero turns the cache off. */
        public Builder routeCacheTtl(Duration routeCacheTtl) {
            this.routeCacheTtl = routeCacheTtl;
            return this;
        }

        public Builder publisher(MessagePublisher publisher) {
            this.publisher = publisher;
            return this;
        }

        public Builder deadLetterQueue(DeadLetterQueue deadLetterQueue) {
            this.deadLetterQueue = deadLetterQueue;
            return this;
        }

        /** A Powertools persistence store, driven by {@link PowertoolsIdempotencyGuard}. */
        public Builder idempotencyStore(BasePersistenceStore idempotencyStore) {
            this.idempotencyStore = idempotencyStore;
            return this;
        }

        /** Any guard instead of a Powertools store. */
        public Builder idempotencyGuard(IdempotencyGuard idempotencyGuard) {
            this.idempotencyGuard = idempotencyGuard;
            return this;
        }

        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        public Builder recordConcurrency(int recordConcurrency) {
            this.recordConcurrency = recordConcurrency;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a record waits for another attempt that holds the same scan before it is retried. */
        public Builder inProgressWait(Duration inProgressWait) {
            this.inProgressWait = inProgressWait;
            return this;
        }

        /**
         * The longest an outside call can take (default: the SDK clients' call timeout): no call starts unless it can
         * end before the batch's deadline (see {@code Deadline}).
         */
        public Builder longestCall(Duration longestCall) {
            this.longestCall = longestCall;
            return this;
        }

        /** A pool to run records on instead of a fixed pool of {@code recordConcurrency} threads. */
        public Builder pool(ExecutorService pool) {
            this.pool = pool;
            return this;
        }

        public Router build() {
            Objects.requireNonNull(topicPrefix, "topicPrefix");
            Objects.requireNonNull(routeTable, "routeTable");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
            if (recordConcurrency < 1) {
                throw new IllegalArgumentException("recordConcurrency must be at least 1, was " + recordConcurrency);
            }
            IdempotencyGuard guard = idempotencyGuard;
            if (guard == null) {
                Objects.requireNonNull(idempotencyStore, "idempotencyStore or idempotencyGuard");
                guard = PowertoolsIdempotencyGuard.create(idempotencyStore, idempotencyWindow, clock);
            }
            RecordRouter recordRouter = new RecordRouter(
                    QrMessageSchema.v1(),
                    guard,
                    new CachingRouteTable(routeTable, routeCacheTtl),
                    new TopicPolicy(topicPrefix),
                    publisher,
                    inProgressWait);
            ExecutorService recordPool = pool != null ? pool : fixedPool(recordConcurrency);
            return new Router(new SqsBatchRouter(
                    recordRouter, deadLetterQueue, recordPool, Objects.requireNonNull(longestCall, "longestCall")));
        }

        private static ExecutorService fixedPool(int threads) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = runnable -> {
                Thread thread = new Thread(runnable, "router-record-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            return Executors.newFixedThreadPool(threads, factory);
        }
    }
}
