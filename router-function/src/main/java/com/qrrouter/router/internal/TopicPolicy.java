package com.qrrouter.router.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a topic read from the routes table may be published to: it must be a valid AWS IoT topic name for
 * a publish (at most 256 UTF-8 bytes, at most 7 slashes, no wildcards {@code +} {@code #}, not a {@code $}-reserved
 * topic, no control character (C0 with NUL, DEL, C1) and no Unicode noncharacter (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF):
 * a device's topic filter or log could not match or show it faithfully) and lie under the stage's allowed prefix.
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
        Optional<String> character = forbiddenCharacter(topic);
        if (character.isPresent()) {
            return character;
        }
        if (topic.startsWith("$")) {
            return Optional.of("topic is '$'-reserved");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(topic)) {
            return Optional.of("topic is not valid UTF-8 (unpaired surrogate)");
        }
        return Optional.empty();
    }

    /** The first control character or noncharacter of {@code topic}, named by its code point. */
    private static Optional<String> forbiddenCharacter(String topic) {
        for (int i = 0; i < topic.length(); ) {
            int cp = topic.codePointAt(i);
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                return Optional.of(String.format(Locale.ROOT, "topic contains the control character U+%04X", cp));
            }
            if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
                return Optional.of(String.format(Locale.ROOT, "topic contains the noncharacter U+%04X", cp));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }
}
