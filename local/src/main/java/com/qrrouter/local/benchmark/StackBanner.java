package com.qrrouter.local.benchmark;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads from the banner that {@code LocalStackMain} prints once the stack runs. */
record StackBanner(
        URI messageUri,
        URI tokenUri,
        int mqttPort,
        URI sqsEndpoint,
        String queueUrl,
        String deadLetterQueueUrl,
        String clientId) {

    /** The banner's first line; the stack prints it once every service is up. */
    static final String RUNNING = "QR Router local stack is running";

    private static final Pattern API = Pattern.compile("(?m)^\\s*API\\s+POST\\s+(\\S+)");
    private static final Pattern TOKEN = Pattern.compile("(?m)^\\s*Token\\s+POST\\s+(\\S+)");
    private static final Pattern MQTT = Pattern.compile("(?m)^\\s*MQTT broker\\s+127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern SQS = Pattern.compile("(?m)^\\s*SQS\\s+(\\S+)\\s+queue\\s+(\\S+)");
    private static final Pattern DLQ = Pattern.compile("(?m)^\\s*DLQ\\s+(\\S+)");
    private static final Pattern CLIENT_ID = Pattern.compile("(?m)^\\s*CLIENT_ID=(\\S+)\\R\\s*CLIENT_SECRET=");

    /**
     * The banner's endpoints and client id, once the output holds all of them; empty while it does not (the banner
     * may still be on its way).
     *
     * @param output the stack's output so far
     */
    static Optional<StackBanner> parse(String output) {
        int start = output.indexOf(RUNNING);
        if (start < 0) {
            return Optional.empty();
        }
        String banner = output.substring(start);
        Matcher api = API.matcher(banner);
        Matcher token = TOKEN.matcher(banner);
        Matcher mqtt = MQTT.matcher(banner);
        Matcher sqs = SQS.matcher(banner);
        Matcher dlq = DLQ.matcher(banner);
        Matcher clientId = CLIENT_ID.matcher(banner);
        if (!(api.find() && token.find() && mqtt.find() && sqs.find() && dlq.find() && clientId.find())) {
            return Optional.empty();
        }
        return Optional.of(new StackBanner(
                URI.create(api.group(1)),
                URI.create(token.group(1)),
                Integer.parseInt(mqtt.group(1)),
                URI.create(sqs.group(1)),
                sqs.group(2),
                dlq.group(1),
                clientId.group(1)));
    }
}
