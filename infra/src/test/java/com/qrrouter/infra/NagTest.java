package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** cdk-nag AwsSolutions and Serverless packs: no unsuppressed finding, and every suppression says why. */
class NagTest {

    private static final Object IAM4_OR_IAM5 = Match.stringLikeRegexp("^AwsSolutions-IAM[45]$");

    /** What no suppression may be like: each a pattern of one entry of {@code rules_to_suppress}. */
    private static final Map<String, Map<String, Object>> VAGUE_SUPPRESSIONS = Map.of(
            "without a reason",
            Map.of("reason", Match.absent()),
            "with a reason of 60 characters or fewer",
            Map.of("reason", Match.not(Match.stringLikeRegexp("^[\\s\\S]{61,}$"))),
            "with a reason that says todo",
            Map.of("reason", Match.stringLikeRegexp("[Tt][Oo][Dd][Oo]")),
            // An IAM4 or IAM5 suppression names exactly what it allows.
            "of IAM4 or IAM5 without applies_to",
            Map.of("id", IAM4_OR_IAM5, "applies_to", Match.absent()),
            "of IAM4 or IAM5 that applies to nothing",
            Map.of("id", IAM4_OR_IAM5, "applies_to", List.of()));

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void nagPacks_whenStageSynthesized_reportNoUnsuppressedError(String stage) {
        assertThat(SynthesizedStages.of(stage).nagErrors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void nagPacks_whenStageSynthesized_reportNoUnsuppressedWarning(String stage) {
        assertThat(SynthesizedStages.of(stage).nagWarnings()).isEmpty();
    }

    /** A resource's cdk-nag metadata with a suppression like {@code rule}. */
    private static Map<String, Object> suppressing(Object rule) {
        return Map.of("Metadata", Map.of("cdk_nag", Map.of("rules_to_suppress", Match.arrayWith(List.of(rule)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void suppressions_whenPresent_eachGiveASpecificReason(String stage) {
        Template template = SynthesizedStages.of(stage).template();
        Set<String> withSuppressions = new TreeSet<>();
        for (String type : SynthesizedStages.resourceTypes(template)) {
            withSuppressions.addAll(template.findResources(type, suppressing(Match.objectLike(Map.of())))
                    .keySet());
            VAGUE_SUPPRESSIONS.forEach(
                    (vague, rule) -> assertThat(template.findResources(type, suppressing(Match.objectLike(rule))))
                            .as("%s with a suppression %s", type, vague)
                            .isEmpty());
        }
        assertThat(withSuppressions).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void nagReports_whenStageSynthesized_coverBothPacks(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        String stack = synth.stack().getStackName();
        assertThat(synth.assemblyDir().resolve("AwsSolutions-" + stack + "-NagReport.csv"))
                .exists();
        assertThat(synth.assemblyDir().resolve("Serverless-" + stack + "-NagReport.csv"))
                .exists();
    }
}
