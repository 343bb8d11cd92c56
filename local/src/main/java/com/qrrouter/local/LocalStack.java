package com.qrrouter.local;

import com.qrrouter.local.internal.AccessTokenVerifier;
import com.qrrouter.local.internal.ApiFront;
import com.qrrouter.local.internal.ExecutionEnvironments;
import com.qrrouter.local.internal.RouterProcess;
import com.qrrouter.local.internal.SqsEventSource;
import com.qrrouter.local.internal.TokenBucket;
import com.qrrouter.local.internal.TokenEndpoint;
import com.qrrouter.local.internal.TokenIssuer;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine, every service on 127.0.0.1: a Cognito-like token endpoint, an API front doing
 * what WAF + API Gateway do, ElasticMQ with the queue and its DLQ, the deployable router jar behind an SQS event
 * source, dynalite with the routes and idempotency tables, an IoT data-plane endpoint and the MQTT broker it
 * publishes to. Started seeded with two teams, each with its own machine client ({@link #DEMO_TEAM}, {@link #OTHER_TEAM}),
 * and the route {@code DemoClient → qr-router/<stage>/MyTopic} that admits the demo team only.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * The seed's sample message (DESIGN.md), the demo message {@code ./run local} prints: the contract's example
     * {@code schemas/examples/valid/01-seed-sample.json}, copied into this jar by the build (decision 0012); valid, and
     * it must reach MQTT byte for byte.
     */
    public static final String SEED_SAMPLE = demoMessage("01-seed-sample.json");

    public static final String SEED_CLIENT_ID = "DemoClient";
    public static final String SEED_TOPIC_NAME = "MyTopic";

    /** The team allowed on the seed route {@link #SEED_CLIENT_ID}. */
    public static final String DEMO_TEAM = "demo-team";

    /** A second team, allowed on no route: its scans are accepted by the API and parked by the router. */
    public static final String OTHER_TEAM = "other-team";

    /** The teams seeded at start, each with one machine client ({@link #clientIdOf}). */
    public static final List<String> TEAMS = List.of(DEMO_TEAM, OTHER_TEAM);

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String prefix;
    private final String routesTable;
    private final String idempotencyTable;
    private DynamoDbEmulator dynamoDb;
    private LocalSqs sqs;
    private LocalSqs.QueuePair queues;
    private EmbeddedMqttBroker broker;
    private IotDataPlaneEndpoint iotData;
    private AwsJsonFaultProxy routerDynamoDb;
    private AwsJsonFaultProxy routerSqs;
    private TokenIssuer issuer;
    private TokenEndpoint tokenEndpoint;
    private ApiFront api;
    private SqsEventSource eventSource;
    private ExecutionEnvironments<RouterProcess> routers;
    private List<MachineClient> machineClients;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
        this.prefix = PipelineSettings.topicPrefix(config.stage());
        this.routesTable = "qr-router-" + config.stage() + "-routes";
        this.idempotencyTable = "qr-router-" + config.stage() + "-idempotency";
    }

    /**
     * Starts every service, creates the tables and queues, seeds the demo route and the machine client, and starts the
     * router's JVM (so a broken router jar fails here, not on the first message).
     */
    public static LocalStack start(LocalStackConfig config) {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        var routerJar = config.routerJar();
        // The broker takes the longest to start (about 2 s): it starts beside dynalite and ElasticMQ.
        CompletableFuture<EmbeddedMqttBroker> brokerStart =
                CompletableFuture.supplyAsync(() -> EmbeddedMqttBroker.start(config.mqttPort()));
        try {
            dynamoDb = track(DynamoDbEmulator.start(config.dynamoDbPort()));
            dynamoDb.createRoutesTable(routesTable).createIdempotencyTable(idempotencyTable);
            dynamoDb.putRoute(routesTable, SEED_CLIENT_ID, prefix + SEED_TOPIC_NAME, Set.of(DEMO_TEAM));

            sqs = track(LocalSqs.start(config.sqsPort()));
            queues = sqs.createQueueWithDeadLetterQueue(
                    "qr-router-" + config.stage() + "-messages",
                    "qr-router-" + config.stage() + "-messages-dlq",
                    config.visibilityTimeout());
        } catch (RuntimeException e) {
            brokerStart.thenAccept(EmbeddedMqttBroker::close);
            throw e;
        }
        try {
            broker = track(brokerStart.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        iotData = track(IotDataPlaneEndpoint.start(broker, config.iotDataPort()));
        if (config.faultInjection()) {
            // Only for a fault suite: the router reaches DynamoDB and SQS through fault proxies; the stack itself and
            // tests go direct. Otherwise nothing stands between the router and the stand-ins.
            routerDynamoDb = track(AwsJsonFaultProxy.forDynamoDb(dynamoDb.endpoint()));
            routerSqs = track(AwsJsonFaultProxy.forSqs(sqs.endpoint()));
        }

        int tokenPort = FreePort.orFree(config.tokenPort());
        issuer = TokenIssuer.create("http://127.0.0.1:" + tokenPort, config.tokenValidity(), Clock.systemUTC());
        machineClients = TEAMS.stream()
                .map(team -> new MachineClient(
                        team,
                        clientIdOf(team),
                        config.teamSecret(team).orElseGet(LocalStack::newSecret),
                        Set.of(PipelineSettings.FULL_SCOPE)))
                .toList();
        tokenEndpoint = track(TokenEndpoint.start(issuer, machineClients, tokenPort));
        Map<String, String> teamsByClientId =
                machineClients.stream().collect(Collectors.toMap(MachineClient::clientId, MachineClient::team));

        AccessTokenVerifier verifier = new AccessTokenVerifier(
                issuer.publicKeys(), issuer.issuer(), PipelineSettings.FULL_SCOPE, Clock.systemUTC());
        TokenBucket throttle = new TokenBucket(config.apiRateLimit(), config.apiBurstLimit(), System::nanoTime);
        api = track(ApiFront.start(
                config.stage(),
                verifier,
                teamsByClientId,
                throttle,
                sqs.client(),
                queues.queueUrl(),
                config.apiPort()));

        String functionArn =
                "arn:aws:lambda:" + LocalAws.REGION.id() + ":" + LocalAws.ACCOUNT_ID + ":function:" + functionName();
        Map<String, String> environment = routerEnvironment();
        routers = track(ExecutionEnvironments.create(
                        () -> new RouterProcess(
                                routerJar,
                                environment,
                                functionName(),
                                functionArn,
                                config.routerMemoryMb(),
                                config.functionTimeout(),
                                config.routerOutput()),
                        config.maxConcurrency(),
                        LocalStackConfig.ENVIRONMENT_IDLE_TIMEOUT)
                .scaleDownEvery(Duration.ofSeconds(5)));
        // One environment starts with the stack, so a broken router jar fails here, not on the first message.
        routers.prewarm(RouterProcess::start);
        eventSource = track(SqsEventSource.start(
                sqs.client(),
                queues.queueUrl(),
                queues.queueArn(),
                LocalAws.REGION.id(),
                config.batchSize(),
                config.batchingWindow(),
                routers,
                config.maxConcurrency()));
        LOG.info("Local stack {} is up [api={}, token={}]", config.stage(), messageUri(), tokenUri());
    }

    private String functionName() {
        return functionName(config.stage());
    }

    private static String functionName(String stage) {
        return "qr-router-" + stage + "-router";
    }

    private Map<String, String> routerEnvironment() {
        return routerEnvironment(
                config,
                routesTable,
                idempotencyTable,
                queues.deadLetterQueueUrl(),
                queues.queueUrl(),
                iotData.uri(),
                routerDynamoDb == null ? dynamoDb.endpoint() : routerDynamoDb.uri(),
                routerSqs == null ? sqs.endpoint() : routerSqs.uri());
    }

    /**
     * The function's environment: the router's variables as {@code infra/} sets them on the Lambda (every one of
     * {@code RouterVariable}, built by {@link RouterEnvironment}, with the stack's route cache TTL), plus what the Lambda
     * service adds and the SDK's endpoint overrides towards the stand-ins ({@link LocalAws#LAMBDA_VARIABLES},
     * {@link LocalAws#SDK_VARIABLES}; decision 0501).
     */
    static Map<String, String> routerEnvironment(
            LocalStackConfig config,
            String routesTable,
            String idempotencyTable,
            String deadLetterQueueUrl,
            String sourceQueueUrl,
            URI iotData,
            URI dynamoDb,
            URI sqs) {
        Map<String, String> env = LocalAws.lambdaEnvironment(functionName(config.stage()), dynamoDb, sqs);
        env.put(LocalAws.FUNCTION_MEMORY_SIZE, String.valueOf(config.routerMemoryMb()));
        env.putAll(RouterEnvironment.builder()
                .routesTableName(routesTable)
                .idempotencyTableName(idempotencyTable)
                .deadLetterQueueUrl(deadLetterQueueUrl)
                .sourceQueueUrl(sourceQueueUrl)
                .topicPrefix(PipelineSettings.topicPrefix(config.stage()))
                .iotDataEndpoint(iotData.toString())
                .routeCacheTtl(config.routeCacheTtl())
                .build());
        return env;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    public LocalStackConfig config() {
        return config;
    }

    /** {@code http://127.0.0.1:<api port>/<stage>/postmessagetosqs}. */
    public URI messageUri() {
        return api.messageUri();
    }

    /** {@code http://127.0.0.1:<token port>/oauth2/token}. */
    public URI tokenUri() {
        return tokenEndpoint.tokenUri();
    }

    /** The {@code iss} of the tokens; the JWKS is at {@code <issuer>/.well-known/jwks.json}. */
    public String issuer() {
        return issuer.issuer();
    }

    /**
     * The app client id of a seeded team's machine client: readable locally ({@code demo-team-client}), where Cognito
     * generates one.
     */
    public static String clientIdOf(String team) {
        return team + "-client";
    }

    /** The demo team's machine client, with its secret: its scans to {@link #SEED_CLIENT_ID} are delivered. */
    public MachineClient machineClient() {
        return machineClient(DEMO_TEAM);
    }

    /** The machine client of one of {@link #TEAMS}, with its secret. */
    public MachineClient machineClient(String team) {
        return machineClients.stream()
                .filter(client -> client.team().equals(team))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "No team '" + team + "' in the local stack: its teams are " + TEAMS));
    }

    /** Every team's machine client, in the order of {@link #TEAMS}. */
    public List<MachineClient> machineClients() {
        return machineClients;
    }

    /**
     * Signs an access token directly, bypassing the token endpoint: for tests of the authorizer (a token without the
     * scope, an expired one), which a correctly configured app client cannot obtain.
     */
    public String signAccessToken(String clientId, Collection<String> scopes, Instant issuedAt) {
        return issuer.issue(clientId, scopes, issuedAt);
    }

    /** {@code qr-router/<stage>/}: routed topics live under it. */
    public String topicPrefix() {
        return prefix;
    }

    public int mqttPort() {
        return broker.port();
    }

    public DynamoDbEmulator dynamoDb() {
        return dynamoDb;
    }

    public String routesTable() {
        return routesTable;
    }

    public String idempotencyTable() {
        return idempotencyTable;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public LocalSqs.QueuePair queues() {
        return queues;
    }

    public IotDataPlaneEndpoint iotData() {
        return iotData;
    }

    /** The MQTT broker, for the test-only fault switches ({@code LocalFaults}). */
    EmbeddedMqttBroker broker() {
        return broker;
    }

    /** The router's way to DynamoDB, if the stack was started with {@link LocalStackConfig#faultInjection()}. */
    Optional<AwsJsonFaultProxy> routerDynamoDbProxy() {
        return Optional.ofNullable(routerDynamoDb);
    }

    /** The router's way to SQS, if the stack was started with {@link LocalStackConfig#faultInjection()}. */
    Optional<AwsJsonFaultProxy> routerSqsProxy() {
        return Optional.ofNullable(routerSqs);
    }

    /** The router's execution environments, for the test-only fault switches (kill, stall). */
    ExecutionEnvironments<RouterProcess> routers() {
        return routers;
    }

    /** The SQS event source, for the test-only fault switches (deliver twice). */
    SqsEventSource eventSource() {
        return eventSource;
    }

    /** Router invocations made by the event source so far. */
    public long routerInvocations() {
        return eventSource == null ? 0 : eventSource.invocations();
    }

    /** Stops every service, the router's JVM first. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("The local stack did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String demoMessage(String resource) {
        try (InputStream in = LocalStack.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing beside " + LocalStack.class.getName()
                        + ": the local module's build copies it from schemas/examples/valid; rebuild with ./run local");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
