package com.qrrouter.local;

import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run local}: starts the local stack and prints, once, the machine client's credentials and copy-paste
 * commands to get a token, post the seed sample, subscribe to its topic and inspect the tables and queues. Runs until
 * Ctrl-C.
 *
 * <p>Options (all optional): {@code --api-port=8080 --token-port=9229 --sqs-port=9324 --dynamodb-port=8000
 * --mqtt-port=1883 --iot-data-port=8090 --router-jar=<path> --client-secret=<secret>
 * --route-cache-ttl-seconds=60}; a port of {@code 0} picks a free one.
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        LocalStackConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ./run local [--api-port=N] [--token-port=N] [--sqs-port=N] [--dynamodb-port=N]"
                    + " [--mqtt-port=N] [--iot-data-port=N] [--router-jar=PATH] [--client-secret=S]"
                    + " [--route-cache-ttl-seconds=N]");
            System.exit(2);
            return;
        }
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

    static LocalStackConfig parse(String[] args) {
        LocalStackConfig.Builder builder = LocalStackConfig.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "': use --name=value");
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "api-port" -> builder.apiPort(number(name, value));
                case "token-port" -> builder.tokenPort(number(name, value));
                case "sqs-port" -> builder.sqsPort(number(name, value));
                case "dynamodb-port" -> builder.dynamoDbPort(number(name, value));
                case "mqtt-port" -> builder.mqttPort(number(name, value));
                case "iot-data-port" -> builder.iotDataPort(number(name, value));
                case "router-jar" -> builder.routerJar(Path.of(value));
                case "client-secret" -> builder.clientSecret(value);
                case "route-cache-ttl-seconds" ->
                    builder.routeCacheTtl(java.time.Duration.ofSeconds(number(name, value)));
                default -> throw new IllegalArgumentException("Unknown option --" + name);
            }
        }
        return builder.build();
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number, got '" + value + "'", e);
        }
    }

    /** The MQTT 5 subscribe command of the banner: topic, QoS, the router's MQTT 5 properties, then the body. */
    static String mosquittoSubMqtt5(int port, String topic) {
        return "mosquitto_sub -h 127.0.0.1 -p " + port + " -q 1 -V mqttv5 -t '" + topic + "'"
                + " -F '%t qos=%q content-type=%C payload-format=%F correlation-data=%D user-properties=%P\\n%p'";
    }

    /** The banner: credentials once, then commands that work as printed (bash, curl, any MQTT client, AWS CLI). */
    public static String instructions(LocalStack stack) {
        MachineClient client = stack.machineClient();
        String topic = stack.topicPrefix() + LocalStack.SEED_TOPIC_NAME;
        String sqs = stack.sqs().endpoint().toString();
        String dynamoDb = stack.dynamoDb().endpoint().toString();
        String aws = "AWS_ACCESS_KEY_ID=" + LocalAws.ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY="
                + LocalAws.SECRET_ACCESS_KEY + " aws --region " + LocalAws.REGION.id();
        return String.join(
                "\n",
                "",
                "QR Router local stack is running (stage " + stack.config().stage() + "). Ctrl-C stops it.",
                "",
                "  API           POST " + stack.messageUri(),
                "  Token         POST " + stack.tokenUri() + "   (JWKS: " + stack.issuer() + "/.well-known/jwks.json)",
                "  MQTT broker   127.0.0.1:" + stack.mqttPort() + "   (topics under " + stack.topicPrefix() + ")",
                "  SQS           " + sqs + "   queue " + stack.queues().queueUrl(),
                "                DLQ " + stack.queues().deadLetterQueueUrl(),
                "  DynamoDB      " + dynamoDb + "   tables " + stack.routesTable() + ", " + stack.idempotencyTable(),
                "  IoT data      " + stack.iotData().uri() + "   (forwards publishes to the broker)",
                "",
                "Machine client (shown once; a new secret at every start):",
                "  CLIENT_ID=" + client.clientId(),
                "  CLIENT_SECRET=" + client.clientSecret(),
                "",
                "1. Subscribe (another terminal; any MQTT 3.1.1 or 5 client, no client id needed):",
                "  mosquitto_sub -h 127.0.0.1 -p " + stack.mqttPort() + " -q 1 -v -t '" + topic + "'",
                "   or with MQTT 5, to see the properties the router sets (content type, correlation data = request id):",
                "  " + mosquittoSubMqtt5(stack.mqttPort(), topic),
                "",
                "2. Get a token:",
                "  TOKEN=$(curl -s -u '" + client.clientId() + ":" + client.clientSecret()
                        + "' -d grant_type=client_credentials"
                        + " -d scope=" + PipelineSettings.FULL_SCOPE + " " + stack.tokenUri()
                        + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')",
                "",
                "3. Post the seed sample (routed to " + topic + "):",
                "  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' --data-binary '"
                        + LocalStack.SEED_SAMPLE + "' " + stack.messageUri(),
                "",
                "4. Add a route (a new client's route is seen at once; a changed topic within the route cache TTL of "
                        + stack.config().routeCacheTtl().toSeconds() + " s):",
                "  " + aws + " dynamodb put-item --endpoint-url " + dynamoDb + " --table-name " + stack.routesTable()
                        + " --item '{\"ClientID\":{\"S\":\"Kiosk7\"},\"Topic\":{\"S\":\"" + stack.topicPrefix()
                        + "Kiosk7\"}}'",
                "",
                "5. Read the dead-letter queue (FailureCode, FailureMessage attributes), then redrive it:",
                "  " + aws + " sqs receive-message --endpoint-url " + sqs + " --queue-url "
                        + stack.queues().deadLetterQueueUrl()
                        + " --message-attribute-names All --attribute-names All --visibility-timeout 0",
                "  " + aws + " sqs start-message-move-task --endpoint-url " + sqs + " --source-arn "
                        + stack.queues().deadLetterQueueArn() + " --destination-arn "
                        + stack.queues().queueArn(),
                "");
    }
}
