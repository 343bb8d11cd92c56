package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** cdk-nag AwsSolutions and Serverless packs: no unsuppressed finding, and every suppression says why. */
class NagTest {

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

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void suppressions_whenPresent_eachGiveASpecificReason(String stage) {
        List<String> suppressions = new ArrayList<>();
        SynthesizedStages.of(stage).json().path("Resources").properties().forEach(resource -> {
            for (JsonNode rule : resource.getValue().at("/Metadata/cdk_nag/rules_to_suppress")) {
                String id = rule.path("id").asText();
                String reason = rule.path("reason").asText();
                suppressions.add(id);
                assertThat(reason)
                        .as("%s on %s", id, resource.getKey())
                        .hasSizeGreaterThan(60)
                        .doesNotContainIgnoringCase("todo");
                if (id.equals("AwsSolutions-IAM5") || id.equals("AwsSolutions-IAM4")) {
                    assertThat(rule.path("applies_to"))
                            .as("%s on %s names exactly what it allows", id, resource.getKey())
                            .isNotEmpty();
                }
            }
        });
        assertThat(suppressions).isNotEmpty();
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
