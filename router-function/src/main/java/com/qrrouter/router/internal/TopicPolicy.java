package com.qrrouter.router.internal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a topic read from the routes table may be published to: it must be a valid AWS IoT topic name for
 * a publish (at most 256 UTF-8 bytes, at most 7 slashes, no wildcards {@code +} {@code #}, no NUL, not a
 * {@code $}-reserved topic) and lie under the stage's allowed prefix.
 */
public final class TopicPolicy {

    /** AWS IoT limit on the size of a topic name. */
    public static final int MAX_TOPIC_BYTES = 256;

    /** AWS IoT limit on the number of slashes in a topic name. */
    public static final int MAX_SLASHES = 7;

    private final String allowedPrefix;

    public TopicPolicy(String allowedPrefix) {
        this.allowedPrefix = Objects.requireNonNull(allowedPrefix, "allowedPrefix");
    }

    /** The problem with publishing to {@code topic}, or empty if it may be published to. */
    public Optional<String> check(String topic) {
        Optional<String> syntax = topicSyntaxProblem(topic);
        if (syntax.isPresent()) {
            return syntax;
        }
        if (!topic.startsWith(allowedPrefix) || topic.length() == allowedPrefix.length()) {
            return Optional.of("topic is not under the allowed prefix '" + allowedPrefix + "'");
        }
        return Optional.empty();
    }

    /** The syntax problem of a topic name for a publish, or empty if AWS IoT accepts it. */
    public static Optional<String> topicSyntaxProblem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Optional.of("topic is empty");
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            return Optional.of("topic is " + bytes + " UTF-8 bytes, more than " + MAX_TOPIC_BYTES);
        }
        long slashes = topic.chars().filter(c -> c == '/').count();
        if (slashes > MAX_SLASHES) {
            return Optional.of("topic has " + slashes + " slashes, more than " + MAX_SLASHES);
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return Optional.of("topic contains an MQTT wildcard ('+' or '#')");
        }
        if (topic.indexOf('\u0000') >= 0) {
            return Optional.of("topic contains a NUL character");
        }
        if (topic.startsWith("$")) {
            return Optional.of("topic is '$'-reserved");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(topic)) {
            return Optional.of("topic is not valid UTF-8 (unpaired surrogate)");
        }
        return Optional.empty();
    }
}
