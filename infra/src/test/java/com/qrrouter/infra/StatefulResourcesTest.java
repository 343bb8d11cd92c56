package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

/**
 * The logical ids of stateful resources are a contract: a changed id makes CloudFormation replace the resource and its
 * data (routes, parked messages, client credentials). This test pins them literally, on purpose not through the
 * constants, so a rename cannot slip through.
 */
class StatefulResourcesTest {

    private static final Map<String, String> PINNED = Map.of(
            "DataKey", "AWS::KMS::Key",
            "MessageQueue", "AWS::SQS::Queue",
            "DeadLetterQueue", "AWS::SQS::Queue",
            "RoutesTable", "AWS::DynamoDB::Table",
            "IdempotencyTable", "AWS::DynamoDB::Table",
            "MachineClientPool", "AWS::Cognito::UserPool");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void statefulResources_whenSynthesized_keepTheirPinnedLogicalIds(String stage) {
        Template template = SynthesizedStages.of(stage).template();
        PINNED.forEach((logicalId, type) ->
                assertThat(template.findResources(type)).as(logicalId).containsKey(logicalId));
        for (String type : PINNED.values()) {
            assertThat(template.findResources(type).keySet())
                    .as("every %s is pinned", type)
                    .allMatch(PINNED::containsKey);
        }
    }

    @Test
    void statefulResources_whenProd_areRetainedAndProtected() {
        Template template = SynthesizedStages.of("prod").template();
        PINNED.forEach((logicalId, type) -> assertThat(template.findResources(
                        type, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")))
                .as(logicalId)
                .containsKey(logicalId));
        assertThat(idsOf(template, "AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", true)))
                .contains("RoutesTable", "IdempotencyTable");
        assertThat(idsOf(template, "AWS::Cognito::UserPool", Map.of("DeletionProtection", "ACTIVE")))
                .contains("MachineClientPool");
        assertThat(SynthesizedStages.of("prod").stack().getTerminationProtection())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag"})
    void statefulResources_whenNotProd_areDeletedWithTheStack(String stage) {
        Template template = SynthesizedStages.of(stage).template();
        PINNED.forEach((logicalId, type) -> assertThat(template.findResources(type, Map.of("DeletionPolicy", "Delete")))
                .as(logicalId)
                .containsKey(logicalId));
        assertThat(idsOf(template, "AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", false)))
                .contains("RoutesTable");
    }
}
