package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPolicyTest {

    private final TopicPolicy policy = new TopicPolicy("qr-router/stag/");

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x01, 0x0A, 0x1F, 0x7F, 0x80, 0x9F})
    void check_whenTopicHoldsAControlCharacter_refusesIt(int codePoint) {
        String topic = "qr-router/stag/door" + Character.toString(codePoint) + "1";

        assertThat(policy.check(topic))
                .hasValueSatisfying(problem -> assertThat(problem).contains("control character", "U+00"));
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF})
    void check_whenTopicHoldsANoncharacter_refusesIt(int codePoint) {
        String topic = "qr-router/stag/door" + Character.toString(codePoint);

        assertThat(policy.check(topic))
                .hasValueSatisfying(problem -> assertThat(problem).contains("noncharacter"));
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0xA0, 0xFDCF, 0xFDF0, 0xFFFD, 0x1F600})
    void check_whenTopicHoldsCharactersNextToTheRefusedOnes_allowsThem(int codePoint) {
        assertThat(policy.check("qr-router/stag/door" + Character.toString(codePoint)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "qr-router/stag/MyTopic",
                "qr-router/stag/doors/building-1/floor-2/door-3/x",
                "qr-router/stag/caf\u00e9",
                "qr-router/stag/with space",
                "qr-router/stag/a//b"
            })
    void check_whenValidTopicUnderPrefix_allows(String topic) {
        assertThat(policy.check(topic)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "MyTopic|not under the allowed prefix",
                "qr-router/prod/MyTopic|not under the allowed prefix",
                "qr-router/stag/|not under the allowed prefix",
                "qr-router/stagx/MyTopic|not under the allowed prefix",
                "qr-router/stag/+|wildcard",
                "qr-router/stag/#|wildcard",
                "qr-router/stag/a+b|wildcard",
                "$aws/things/x/shadow/update|'$'-reserved",
                "qr-router/stag/1/2/3/4/5/6/7|8 slashes, more than 7",
            })
    void check_whenTopicNotAllowed_namesTheProblem(String topic, String problem) {
        assertThat(policy.check(topic)).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }

    @org.junit.jupiter.api.Test
    void check_whenTopicHasSevenSlashes_allowsAndEightRejects() {
        assertThat(policy.check("qr-router/stag/1/2/3/4/5/6")).isEmpty();
        assertThat(policy.check("qr-router/stag/1/2/3/4/5/6/7")).isPresent();
    }

    @org.junit.jupiter.api.Test
    void check_whenTopicHasNul_rejects() {
        assertThat(policy.check("qr-router/stag/a\u0000b"))
                .hasValueSatisfying(p -> assertThat(p).contains("NUL"));
    }

    @org.junit.jupiter.api.Test
    void check_whenEmptyOrMissing_rejects() {
        assertThat(policy.check("")).hasValue("topic is empty");
        assertThat(policy.check(null)).hasValue("topic is empty");
    }

    @org.junit.jupiter.api.Test
    void check_whenTopicIs256Bytes_allowsAnd257Rejects() {
        String prefix = "qr-router/stag/";
        String at256 = prefix + "x".repeat(256 - prefix.length());
        String at257 = at256 + "x";
        assertThat(policy.check(at256)).isEmpty();
        assertThat(policy.check(at257)).hasValueSatisfying(p -> assertThat(p).contains("257 UTF-8 bytes"));
    }

    @org.junit.jupiter.api.Test
    void check_whenTopicHasMultiByteCharacters_countsUtf8BytesNotCharacters() {
        String prefix = "qr-router/stag/";
        // 'é' is 2 bytes in UTF-8: 121 of them + prefix (15) = 257 bytes in 136 characters.
        String topic = prefix + "\u00e9".repeat(121);
        assertThat(topic.length()).isLessThan(256);
        assertThat(policy.check(topic)).hasValueSatisfying(p -> assertThat(p).contains("257 UTF-8 bytes"));
    }

    @org.junit.jupiter.api.Test
    void check_whenUnpairedSurrogate_rejects() {
        assertThat(policy.check("qr-router/stag/\uD800"))
                .hasValueSatisfying(p -> assertThat(p).contains("UTF-8"));
    }
}
