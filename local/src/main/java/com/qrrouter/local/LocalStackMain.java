package com.qrrouter.local;

import com.qrrouter.settings.PipelineSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code ./run local}: starts the local stack and prints, once, each team's machine client credentials and copy-paste
 * commands to get a token (one per team), post the seed sample, subscribe to its topic and inspect the tables and
 * queues. Runs until
 * Ctrl-C. Options: {@code ./run local --help} (docs/local-stack.md); a port of {@code 0} picks a free one.
 */
public final class LocalStackMain {

    /** Exit code of a command line the stack refuses (as picocli's usage errors). */
    static final int USAGE_ERROR = 2;

    private LocalStackMain() {}

    /** The command line: typed options whose defaults are those of {@link LocalStackConfig}. */
    @Command(
            name = "./run local",
            sortOptions = false,
            usageHelpAutoWidth = true,
            description = {
                "Runs the whole QR Router pipeline on 127.0.0.1 until Ctrl-C, seeded with the teams demo-team and"
                        + " other-team and the route DemoClient -> qr-router/local/MyTopic (allowed: demo-team), and"
                        + " prints how to get a token, post and subscribe.",
                "Options take --name=value or --name value; docs/local-stack.md explains each."
            })
    static final class Options {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help and exit.")
        boolean help;

        @Option(
                names = "--api-port",
                paramLabel = "PORT",
                description = "API front (WAF + API Gateway). Default: ${DEFAULT-VALUE}.")
        int apiPort = LocalStackConfig.DEFAULT_API_PORT;

        @Option(
                names = "--token-port",
                paramLabel = "PORT",
                description = "Token endpoint (Cognito). Default: ${DEFAULT-VALUE}.")
        int tokenPort = LocalStackConfig.DEFAULT_TOKEN_PORT;

        @Option(names = "--sqs-port", paramLabel = "PORT", description = "ElasticMQ (SQS). Default: ${DEFAULT-VALUE}.")
        int sqsPort = LocalStackConfig.DEFAULT_SQS_PORT;

        @Option(
                names = "--dynamodb-port",
                paramLabel = "PORT",
                description = "dynalite (DynamoDB). Default: ${DEFAULT-VALUE}.")
        int dynamoDbPort = LocalStackConfig.DEFAULT_DYNAMODB_PORT;

        @Option(
                names = "--mqtt-port",
                paramLabel = "PORT",
                description = "MQTT broker (IoT Core, device side). Default: ${DEFAULT-VALUE}.")
        int mqttPort = LocalStackConfig.DEFAULT_MQTT_PORT;

        @Option(
                names = "--iot-data-port",
                paramLabel = "PORT",
                description = "IoT data-plane endpoint. Default: ${DEFAULT-VALUE}.")
        int iotDataPort = LocalStackConfig.DEFAULT_IOT_DATA_PORT;

        @Option(
                names = "--api-rate-limit",
                paramLabel = "REQ_PER_S",
                description =
                        "API throttle, steady rate in requests per second (above it: 429). Default: ${DEFAULT-VALUE}.")
        double apiRateLimit = LocalStackConfig.DEFAULT_API_RATE_LIMIT;

        @Option(
                names = "--api-burst-limit",
                paramLabel = "N",
                description = "API throttle, burst (bucket size). Default: ${DEFAULT-VALUE}.")
        int apiBurstLimit = LocalStackConfig.DEFAULT_API_BURST_LIMIT;

        @Option(
                names = "--max-concurrency",
                paramLabel = "N",
                description =
                        "Most batches in flight at once, each in its own router JVM (the event source's maximum concurrency, 2 to 1000). Default: ${DEFAULT-VALUE}, as the dev stage.")
        int maxConcurrency = LocalStackConfig.DEFAULT_MAX_CONCURRENCY;

        @Option(
                names = "--batch-size",
                paramLabel = "N",
                description =
                        "Records per invocation at most (1 to 10000; above 10 needs a batching window). Default: ${DEFAULT-VALUE}.")
        int batchSize = PipelineSettings.BATCH_SIZE;

        @Option(
                names = "--batching-window",
                paramLabel = "SECONDS",
                description =
                        "How long the event source waits to fill a batch, 0 to 300 s; 0 invokes as soon as a poll returns messages (lowest latency). Default: ${DEFAULT-VALUE}.")
        int batchingWindowSeconds = (int) PipelineSettings.DEFAULT_BATCHING_WINDOW.toSeconds();

        @Option(
                names = "--route-cache-ttl-seconds",
                paramLabel = "SECONDS",
                description =
                        "The router's route cache TTL: how long a changed topic may go unseen. Default: ${DEFAULT-VALUE}.")
        int routeCacheTtlSeconds = (int) PipelineSettings.ROUTE_CACHE_TTL.toSeconds();

        @Option(
                names = "--router-jar",
                paramLabel = "PATH",
                description = "The router jar. Default: router-function/target/router-function.jar.")
        Path routerJar;

        @Option(
                names = "--team-secret",
                paramLabel = "TEAM=SECRET",
                description = "A fixed secret for a team's machine client (demo-team, other-team) instead of a new one"
                        + " at every start; repeat it for both teams.")
        Map<String, String> teamSecrets = new LinkedHashMap<>();

        @Option(
                names = "--client-secret",
                paramLabel = "SECRET",
                description = "The demo team's secret: the same as --team-secret=demo-team=SECRET (kept for the load"
                        + " benchmark and scripts written for the single machine client).")
        String demoTeamSecret;

        LocalStackConfig toConfig() {
            return LocalStackConfig.builder()
                    .apiPort(apiPort)
                    .tokenPort(tokenPort)
                    .sqsPort(sqsPort)
                    .dynamoDbPort(dynamoDbPort)
                    .mqttPort(mqttPort)
                    .iotDataPort(iotDataPort)
                    .apiThrottling(apiRateLimit, apiBurstLimit)
                    .maxConcurrency(maxConcurrency)
                    .batchSize(batchSize)
                    .batchingWindow(Duration.ofSeconds(batchingWindowSeconds))
                    .routeCacheTtl(Duration.ofSeconds(routeCacheTtlSeconds))
                    .routerJar(routerJar)
                    .teamSecrets(teamSecrets)
                    .teamSecrets(demoTeamSecret == null ? Map.of() : Map.of(LocalStack.DEMO_TEAM, demoTeamSecret))
                    .build();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine commandLine = new CommandLine(new Options());
        LocalStackConfig config;
        try {
            config = parse(commandLine, args);
        } catch (ParameterException e) {
            System.err.println(e.getMessage());
            System.err.println("Run ./run local --help for the options.");
            System.exit(USAGE_ERROR);
            return;
        }
        if (config == null) {
            commandLine.usage(System.out);
            return;
        }
        run(config);
    }

    /**
     * The configuration of a command line.
     *
     * @throws ParameterException saying which option is wrong and why (unknown, not a number, out of range)
     */
    static LocalStackConfig parse(String... args) {
        return parse(new CommandLine(new Options()), args);
    }

    /** The configuration, or {@code null} if help was asked for. */
    private static LocalStackConfig parse(CommandLine commandLine, String... args) {
        ParseResult result = commandLine.parseArgs(args);
        if (result.isUsageHelpRequested()) {
            return null;
        }
        try {
            return commandLine.<Options>getCommand().toConfig();
        } catch (IllegalArgumentException e) {
            // A value of the right type that the stack refuses (out of range): the config says why and how to fix it.
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    private static void run(LocalStackConfig config) throws InterruptedException {
        LocalStack stack;
        try {
            stack = LocalStack.start(config);
        } catch (RuntimeException e) {
            // Port in use, router jar missing or failing its init: say what, without a stack trace.
            StringBuilder message = new StringBuilder("The local stack did not start: " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                message.append(System.lineSeparator()).append("  caused by: ").append(cause.getMessage());
            }
            System.err.println(message);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.close();
                            System.out.println("QR Router local stack stopped.");
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        System.out.println(instructions(stack));
        System.out.flush();
        stopped.await();
    }

    /** The stage settings a user can change with options, as the banner shows them. */
    static String settings(LocalStackConfig config) {
        return String.format(
                Locale.ROOT,
                "API throttle %s req/s (burst %d), batch size %d, batching window %d s, max concurrency %d router JVMs",
                BigDecimal.valueOf(config.apiRateLimit()).stripTrailingZeros().toPlainString(),
                config.apiBurstLimit(),
                config.batchSize(),
                config.batchingWindow().toSeconds(),
                config.maxConcurrency());
    }

    /** The MQTT 5 subscribe command of the banner: topic, QoS, the router's MQTT 5 properties, then the body. */
    static String mosquittoSubMqtt5(int port, String topic) {
        return "mosquitto_sub -h 127.0.0.1 -p " + port + " -q 1 -V mqttv5 -t '" + topic + "'"
                + " -F '%t qos=%q content-type=%C payload-format=%F correlation-data=%D user-properties=%P\\n%p'";
    }

    /** The banner: credentials once, then commands that work as printed (bash, curl, any MQTT client, AWS CLI). */
    public static String instructions(LocalStack stack) {
        MachineClient demo = stack.machineClient(LocalStack.DEMO_TEAM);
        MachineClient other = stack.machineClient(LocalStack.OTHER_TEAM);
        String topic = stack.topicPrefix() + LocalStack.SEED_TOPIC_NAME;
        String sqs = stack.sqs().endpoint().toString();
        String dynamoDb = stack.dynamoDb().endpoint().toString();
        String aws = "AWS_ACCESS_KEY_ID=" + LocalAws.ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY="
                + LocalAws.SECRET_ACCESS_KEY + " aws --region " + LocalAws.REGION.id();
        List<String> lines = List.of(
                "",
                "QR Router local stack is running (stage " + stack.config().stage() + "). Ctrl-C stops it.",
                "",
                "  API           POST " + stack.messageUri() + "   (with the WAF rules that block on AWS)",
                "  Token         POST " + stack.tokenUri() + "   (JWKS: " + stack.issuer() + "/.well-known/jwks.json)",
                "  MQTT broker   127.0.0.1:" + stack.mqttPort() + "   (topics under " + stack.topicPrefix() + ")",
                "  SQS           " + sqs + "   queue " + stack.queues().queueUrl(),
                "                DLQ " + stack.queues().deadLetterQueueUrl(),
                "  DynamoDB      " + dynamoDb + "   tables " + stack.routesTable() + ", " + stack.idempotencyTable(),
                "  IoT data      " + stack.iotData().uri() + "   (forwards publishes to the broker)",
                "  Settings      " + settings(stack.config()),
                "",
                "Teams, each its own app client (shown once; new secrets at every start unless --team-secret):",
                "  " + demo.team() + ": may address " + LocalStack.SEED_CLIENT_ID,
                "    CLIENT_ID=" + demo.clientId(),
                "    CLIENT_SECRET=" + demo.clientSecret(),
                "  " + other.team() + ": may address no ClientID (the API accepts its scans, the router parks them as"
                        + " FORBIDDEN_CALLER)",
                "    CLIENT_ID=" + other.clientId(),
                "    CLIENT_SECRET=" + other.clientSecret(),
                "",
                "1. Subscribe (another terminal; any MQTT 3.1.1 or 5 client, no client id needed):",
                "  mosquitto_sub -h 127.0.0.1 -p " + stack.mqttPort() + " -q 1 -v -t '" + topic + "'",
                "   or with MQTT 5, to see the properties the router sets (content type, correlation data = request id):",
                "  " + mosquittoSubMqtt5(stack.mqttPort(), topic),
                "",
                "2. Get a token as " + demo.team() + ":",
                "  " + tokenCommand(stack, demo),
                "   or as " + other.team() + " (step 3 then answers 200 too; the router parks the scan):",
                "  " + tokenCommand(stack, other),
                "",
                "3. Post the seed sample (routed to " + topic + "):",
                "  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' --data-binary '"
                        + LocalStack.SEED_SAMPLE + "' " + stack.messageUri(),
                "",
                "4. Add a route that " + demo.team() + " may address (a new client's route is seen at once; a changed"
                        + " topic within the route cache TTL of "
                        + stack.config().routeCacheTtl().toSeconds() + " s):",
                "  " + aws + " dynamodb put-item --endpoint-url " + dynamoDb + " --table-name " + stack.routesTable()
                        + " --item '{\"ClientID\":{\"S\":\"Kiosk7\"},\"Topic\":{\"S\":\"" + stack.topicPrefix()
                        + "Kiosk7\"},\"AllowedTeams\":{\"SS\":[\"" + demo.team() + "\"]}}'",
                "",
                "5. Read the dead-letter queue (FailureCode, FailureMessage attributes), then redrive it:",
                "  " + aws + " sqs receive-message --endpoint-url " + sqs + " --queue-url "
                        + stack.queues().deadLetterQueueUrl()
                        + " --message-attribute-names All --attribute-names All --visibility-timeout 0",
                "  " + aws + " sqs start-message-move-task --endpoint-url " + sqs + " --source-arn "
                        + stack.queues().deadLetterQueueArn() + " --destination-arn "
                        + stack.queues().queueArn(),
                "");
        return String.join("\n", lines);
    }

    /** Sets {@code TOKEN} to an access token of {@code client}, with the send scope. */
    private static String tokenCommand(LocalStack stack, MachineClient client) {
        return "TOKEN=$(curl -s -u '" + client.clientId() + ":" + client.clientSecret()
                + "' -d grant_type=client_credentials"
                + " -d scope=" + PipelineSettings.FULL_SCOPE + " " + stack.tokenUri()
                + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')";
    }
}
