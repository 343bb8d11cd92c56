package com.qrrouter.router;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.internal.AwsClients;
import com.qrrouter.router.internal.AwsRouting;
import com.qrrouter.router.internal.CachingRouteTable;
import com.qrrouter.router.internal.CallerCheckStep;
import com.qrrouter.router.internal.DecodeStep;
import com.qrrouter.router.internal.DedupeStep;
import com.qrrouter.router.internal.DynamoDbRouteTable;
import com.qrrouter.router.internal.FreshnessStep;
import com.qrrouter.router.internal.IotDataPlanePublisher;
import com.qrrouter.router.internal.ParkStep;
import com.qrrouter.router.internal.PowertoolsIdempotencyGuard;
import com.qrrouter.router.internal.PublishStep;
import com.qrrouter.router.internal.RecordPath;
import com.qrrouter.router.internal.RetryDelay;
import com.qrrouter.router.internal.RouteStep;
import com.qrrouter.router.internal.SqsBatchRouter;
import com.qrrouter.router.internal.SqsDeadLetterQueue;
import com.qrrouter.router.internal.SqsSourceQueue;
import com.qrrouter.router.internal.TopicCheckStep;
import com.qrrouter.router.internal.TopicPolicy;
import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.settings.PipelineSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;

/**
 * The router: routes SQS batches of QR messages (see {@code docs/router.md}). Built from its ports (routes, publisher,
 * dead-letter queue, idempotency store) and settings with {@link #builder()} (tests, the benchmark: fakes or local
 * endpoints), or on AWS with {@link #onAws(RouterSettings)}. Closing it releases what it created itself: its SDK
 * clients and its record pool.
 */
public final class Router implements AutoCloseable {

    /** How long a record waits for another attempt holding the same scan (see {@code DedupeStep}). */
    public static final Duration DEFAULT_IN_PROGRESS_WAIT = Duration.ofSeconds(2);

    private final SqsBatchRouter batchRouter;
    private final List<Runnable> owned;

    private Router(SqsBatchRouter batchRouter, List<Runnable> owned) {
        this.batchRouter = batchRouter;
        this.owned = List.copyOf(owned);
    }

    /**
     * Routes one batch: every record concurrently on the bounded pool, each through its path (decode, route, check
     * caller, check topic, dedupe, check freshness, publish, park), then shortens the visibility of the retried ones.
     *
     * @param timeBudget how long the batch may take; a record not done by then is reported as failed (retried), and no
     *     outside call starts unless it can end before then (decision 0206)
     */
    public BatchReport route(SQSEvent event, Duration timeBudget) {
        return batchRouter.route(event, timeBudget);
    }

    /**
     * A router on AWS: DynamoDB routes and idempotency, IoT data-plane publish, SQS dead-letter and source queue; region,
     * credentials and endpoint overrides from the environment, as on Lambda. It owns its SDK clients.
     */
    public static Router onAws(RouterSettings settings) {
        return onAws(settings, AwsOverrides.NONE);
    }

    /** A router on AWS with explicit endpoints, region or credentials (local stand-ins). It owns its SDK clients. */
    public static Router onAws(RouterSettings settings, AwsOverrides overrides) {
        AwsClients clients = AwsClients.create(settings, Objects.requireNonNull(overrides, "overrides"));
        Router router = onAws(settings, clients, AwsRouting.idempotencyStore(settings, clients));
        List<Runnable> owned = new ArrayList<>(router.owned);
        owned.add(clients::close);
        return new Router(router.batchRouter, owned);
    }

    /** A router on {@code clients} and {@code store} (not owned: the handler keeps them for the environment). */
    static Router onAws(RouterSettings settings, AwsClients clients, BasePersistenceStore store) {
        return Router.builder()
                .topicPrefix(settings.topicPrefix())
                .routeTable(new DynamoDbRouteTable(clients.dynamoDb(), settings.routesTableName()))
                .routeCacheTtl(settings.routeCacheTtl())
                .publisher(new IotDataPlanePublisher(clients.iot()))
                .deadLetterQueue(new SqsDeadLetterQueue(
                        clients.sqs(), settings.deadLetterQueueUrl().toString()))
                .sourceQueue(new SqsSourceQueue(
                        clients.sqs(), settings.sourceQueueUrl().toString()))
                .idempotencyStore(store)
                .idempotencyWindow(settings.idempotencyWindow())
                .maxScanAge(settings.maxScanAge())
                .recordConcurrency(settings.recordConcurrency())
                .longestCall(AwsClients.API_CALL_TIMEOUT)
                .build();
    }

    /** Releases the SDK clients and the record pool this router created (not a pool given to its builder). */
    @Override
    public void close() {
        owned.forEach(Runnable::run);
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
        private SourceQueue sourceQueue = SourceQueue.NONE;
        private Duration maxScanAge = PipelineSettings.DEFAULT_MAX_SCAN_AGE;
        private int maxReceiveCount = PipelineSettings.MAX_RECEIVE_COUNT;
        private RandomGenerator random = RandomGenerator.getDefault();
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

        /**
         * The queue the router consumes, to make a retried record visible again after a short delay (default: none,
         * the record waits the visibility timeout).
         */
        public Builder sourceQueue(SourceQueue sourceQueue) {
            this.sourceQueue = sourceQueue;
            return this;
        }

        /** How old a scan may be when routed, unless its route sets its own limit. */
        public Builder maxScanAge(Duration maxScanAge) {
            this.maxScanAge = maxScanAge;
            return this;
        }

        /** The queue's {@code maxReceiveCount}: a transient failure on this receive is parked as RETRIES_EXHAUSTED. */
        public Builder maxReceiveCount(int maxReceiveCount) {
            this.maxReceiveCount = maxReceiveCount;
            return this;
        }

        /** The source of the retry delays' jitter. */
        public Builder random(RandomGenerator random) {
            this.random = random;
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
            Objects.requireNonNull(sourceQueue, "sourceQueue");
            Objects.requireNonNull(maxScanAge, "maxScanAge");
            if (maxScanAge.toSeconds() < 1) {
                throw new IllegalArgumentException("maxScanAge must be at least 1 s, was " + maxScanAge);
            }
            FreshnessStep freshness = new FreshnessStep(clock, maxScanAge);
            RecordPath path = new RecordPath(
                    new DecodeStep(QrMessageSchema.v1()),
                    new RouteStep(new CachingRouteTable(routeTable, routeCacheTtl)),
                    new CallerCheckStep(),
                    new TopicCheckStep(new TopicPolicy(topicPrefix)),
                    new DedupeStep(guard, inProgressWait),
                    freshness,
                    new PublishStep(publisher, freshness),
                    new ParkStep(deadLetterQueue),
                    maxReceiveCount);
            List<Runnable> owned = new ArrayList<>();
            ExecutorService recordPool = pool;
            if (recordPool == null) {
                ExecutorService own = fixedPool(recordConcurrency);
                owned.add(own::shutdownNow);
                recordPool = own;
            }
            return new Router(
                    new SqsBatchRouter(
                            path,
                            recordPool,
                            Objects.requireNonNull(longestCall, "longestCall"),
                            sourceQueue,
                            new RetryDelay(maxScanAge, Objects.requireNonNull(random, "random"))),
                    owned);
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
