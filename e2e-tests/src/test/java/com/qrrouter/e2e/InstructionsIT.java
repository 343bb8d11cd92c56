package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackConfig;
import com.qrrouter.local.LocalStackMain;
import com.qrrouter.local.MqttSubscriber;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The commands `./run local` prints work as printed, run through bash: both {@code mosquitto_sub} commands (MQTT 3.1.1
 * and 5, no client id) receive the seed sample that the token and POST commands send, the MQTT 5 one with the router's
 * properties; each team's token command gets a token of that team's client, which the API accepts; the AWS CLI
 * commands read a parked message from the DLQ, add its route and redrive it to a device. Every program they need must
 * be installed ({@code .ci/run} installs them): a missing one fails the test, it never skips.
 *
 * <p>A stack of its own, started fresh as by {@code ./run local}: the seed sample is delivered once per idempotency
 * window, and the shared stack of the other ITs has posted it already. The route cache TTL is 1 s (the banner says so),
 * so that the redriven message finds the route just added.
 */
class InstructionsIT {

    /** Bounds every {@code mosquitto_sub}: {@code -W} seconds without a message, then it gives up. */
    private static final int MQTT_WAIT_SECONDS = 30;

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static LocalStack stack;
    private static List<String> lines;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStackConfig.builder()
                .freePorts()
                .routeCacheTtl(Duration.ofSeconds(1))
                .routerOutput(LocalStage.routerLog(Path.of("target", "instructions-router.log")))
                .build());
        lines = LocalStackMain.instructions(stack).lines().toList();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void instructions_whenPrinted_nameThisStacksPortsAndSecret() {
        assertThat(LocalStackMain.instructions(stack))
                .contains("CLIENT_ID=" + LocalStack.clientIdOf(LocalStack.DEMO_TEAM))
                .contains("CLIENT_SECRET="
                        + stack.machineClient(LocalStack.DEMO_TEAM).clientSecret())
                .contains("CLIENT_ID=" + LocalStack.clientIdOf(LocalStack.OTHER_TEAM))
                .contains("CLIENT_SECRET="
                        + stack.machineClient(LocalStack.OTHER_TEAM).clientSecret())
                .contains("mosquitto_sub -h 127.0.0.1 -p " + stack.mqttPort())
                .contains("route cache TTL of 1 s")
                .contains("--table-name " + stack.routesTable())
                .contains(stack.queues().deadLetterQueueUrl());
    }

    @Test
    void instructions_whenBothMosquittoSubscribersRunAsPrinted_receiveTheSeedSamplePostedWithTheTokenCommand()
            throws Exception {
        requireOnPath("bash", "curl");
        requireOnPath("mosquitto_sub", "stdbuf");
        String topic = stack.topicPrefix() + LocalStack.SEED_TOPIC_NAME;
        String mqtt311 = commandAfter("1. Subscribe");
        String mqtt5 = commandAfter("   or with MQTT 5");
        assertThat(mqtt311).doesNotContain(" -i ").doesNotContain(" -V ");
        assertThat(mqtt5).contains("-V mqttv5").doesNotContain(" -i ");

        // -C 1 -W n: exit after one message, or after n seconds without one. -d only adds debug lines, among them
        // the SUBACK, so that the POST comes after both subscriptions.
        Process subscriber311 = bashInBackground(mqtt311 + " -C 1 -W " + MQTT_WAIT_SECONDS + " -d");
        Process subscriber5 = bashInBackground(mqtt5 + " -C 1 -W " + MQTT_WAIT_SECONDS + " -d");
        try {
            awaitSubscribed(subscriber311);
            awaitSubscribed(subscriber5);

            String posted = bash(commandAfter("2. Get a token as " + LocalStack.DEMO_TEAM) + "\n"
                    + commandAfter("3. Post the seed sample"));
            assertThat(posted).contains("\"SendMessageResponse\"").contains("\"MD5OfMessageBody\"");

            String received311 = finish(subscriber311);
            String received5 = finish(subscriber5);
            assertThat(received311).contains(topic + " " + LocalStack.SEED_SAMPLE + "\n");
            assertThat(received5)
                    .contains(topic + " qos=1 content-type=application/json payload-format=1 correlation-data=")
                    .contains("\n" + LocalStack.SEED_SAMPLE + "\n");
            Matcher correlation = Pattern.compile("correlation-data=(\\S+) user-properties=correlationId:(\\S+)")
                    .matcher(received5);
            assertThat(correlation.find()).as(received5).isTrue();
            assertThat(correlation.group(1)).matches(UUID).isEqualTo(correlation.group(2));
        } finally {
            subscriber311.destroyForcibly();
            subscriber5.destroyForcibly();
        }
    }

    @Test
    void instructions_whenAwsCliCommandsRunAsPrinted_readTheParkedMessageAddItsRouteAndRedriveIt() throws Exception {
        requireOnPath("bash", "curl", "aws");
        String kiosk = stack.topicPrefix() + "Kiosk7";
        // The seed sample for the client of step 4, before its route exists: parked with UNKNOWN_CLIENT.
        String postForKiosk = commandAfter("3. Post the seed sample")
                .replace("\"ClientID\":\"" + LocalStack.SEED_CLIENT_ID + "\"", "\"ClientID\":\"Kiosk7\"");
        assertThat(bash(commandAfter("2. Get a token as " + LocalStack.DEMO_TEAM) + "\n" + postForKiosk))
                .contains("\"SendMessageResponse\"");

        String readDeadLetters = commandAfter("5. Read the dead-letter queue");
        String deadLetters = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> bash(readDeadLetters), output -> output.contains("UNKNOWN_CLIENT"));
        assertThat(deadLetters).contains("\"FailureCode\"").contains("Kiosk7");

        String addRoute = commandAfter("4. Add a route");
        bash(addRoute);
        assertThat(stack.dynamoDb()
                        .client()
                        .getItem(request -> request.tableName(stack.routesTable())
                                .key(Map.of("ClientID", AttributeValue.fromS("Kiosk7"))))
                        .item())
                .containsEntry("Topic", AttributeValue.fromS(kiosk))
                .containsEntry("AllowedTeams", AttributeValue.fromSs(List.of(LocalStack.DEMO_TEAM)));

        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), kiosk)) {
            Thread.sleep(1_100); // the route cache TTL: the parked message's negative lookup is forgotten
            String redrive =
                    lines.get(lines.indexOf("  " + readDeadLetters) + 1).strip();
            assertThat(redrive).contains("start-message-move-task");
            assertThat(bash(redrive)).contains("\"TaskHandle\"");

            MqttSubscriber.Received received = await().atMost(Duration.ofSeconds(30))
                    .until(device::received, list -> !list.isEmpty())
                    .get(0);
            assertThat(new String(received.payload(), StandardCharsets.UTF_8)).contains("\"ClientID\":\"Kiosk7\"");
        }
    }

    @Test
    void instructions_whenEachTeamsTokenCommandRunsAsPrinted_getsATokenOfThatTeamsClientThatTheApiAccepts()
            throws Exception {
        requireOnPath("bash", "curl");
        // A scan of its own (not the seed sample, which another test must see delivered once).
        String post = commandAfter("3. Post the seed sample")
                .replace(
                        "\"QRCode\":\"vwWT)Np=+6-vGzTiopED\"", "\"QRCode\":\"instructions-" + System.nanoTime() + "\"");
        assertThat(post).contains("instructions-");
        Map<String, String> tokenCommands = Map.of(
                LocalStack.DEMO_TEAM, commandAfter("2. Get a token as " + LocalStack.DEMO_TEAM),
                LocalStack.OTHER_TEAM, commandAfter("   or as " + LocalStack.OTHER_TEAM));

        for (Map.Entry<String, String> team : tokenCommands.entrySet()) {
            String output = bash(team.getValue() + "\necho \"token=$TOKEN\"\n" + post);

            Matcher token = Pattern.compile("token=(\\S+)").matcher(output);
            assertThat(token.find()).as(output).isTrue();
            String claims = new String(
                    java.util.Base64.getUrlDecoder().decode(token.group(1).split("\\.")[1]), StandardCharsets.UTF_8);
            assertThat(claims)
                    .as(team.getKey() + "'s token")
                    .contains("\"client_id\":\"" + LocalStack.clientIdOf(team.getKey()) + "\"");
            // The API accepts both teams' scans (200); the router parks other-team's (FORBIDDEN_CALLER).
            assertThat(output).as(team.getKey()).contains("\"SendMessageResponse\"");
        }
    }

    private static String commandAfter(String heading) {
        int index = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith(heading))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No '" + heading + "' in the instructions")));
        return lines.get(index + 1).strip();
    }

    /** Line-buffered (stdbuf), so that the SUBACK line arrives when it is printed, not when the subscriber exits. */
    private static Process bashInBackground(String script) throws IOException {
        return new ProcessBuilder("stdbuf", "-oL", "-eL", "bash", "-c", script)
                .redirectErrorStream(true)
                .start();
    }

    /** Reads the subscriber's output until its SUBACK (the output read is kept for {@link #finish}). */
    private static void awaitSubscribed(Process subscriber) throws IOException {
        StringBuilder seen = new StringBuilder();
        int next;
        while (!seen.toString().contains("received SUBACK")
                && (next = subscriber.getInputStream().read()) >= 0) {
            seen.append((char) next);
        }
        assertThat(seen.toString()).as("mosquitto_sub output").contains("received SUBACK");
    }

    private static String finish(Process subscriber) throws IOException, InterruptedException {
        byte[] rest = subscriber.getInputStream().readAllBytes();
        assertThat(subscriber.waitFor(MQTT_WAIT_SECONDS + 5, TimeUnit.SECONDS)).isTrue();
        String output = new String(rest, StandardCharsets.UTF_8);
        assertThat(subscriber.exitValue()).as(output).isZero();
        return output;
    }

    private static String bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /** Fails (never skips) when a program the printed commands need is missing, saying how to install it. */
    private static void requireOnPath(String... programs) {
        for (String program : programs) {
            assertThat(onPath(program))
                    .as(program + " is needed to run the printed commands and is not on the PATH: install it (.ci/run"
                            + " does; Debian: apt-get install curl mosquitto-clients coreutils, pip install awscli)")
                    .isTrue();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
