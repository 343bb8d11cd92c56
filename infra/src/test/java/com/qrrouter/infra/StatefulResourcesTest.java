package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        JsonNode resources = SynthesizedStages.of(stage).json().path("Resources");
        PINNED.forEach((logicalId, type) -> assertThat(
                        resources.at("/" + logicalId + "/Type").asText())
                .as(logicalId)
                .isEqualTo(type));
        for (String type : PINNED.values()) {
            assertThat(SynthesizedStages.of(stage).ofType(type).keySet())
                    .as("every %s is pinned", type)
                    .allMatch(PINNED::containsKey);
        }
    }

    @Test
    void statefulResources_whenProd_areRetainedAndProtected() {
        JsonNode resources = SynthesizedStages.of("prod").json().path("Resources");
        PINNED.keySet().forEach(logicalId -> {
            JsonNode resource = resources.path(logicalId);
            assertThat(resource.path("DeletionPolicy").asText()).as(logicalId).isEqualTo("Retain");
            assertThat(resource.path("UpdateReplacePolicy").asText())
                    .as(logicalId)
                    .isEqualTo("Retain");
        });
        assertThat(resources
                        .at("/RoutesTable/Properties/DeletionProtectionEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(resources
                        .at("/IdempotencyTable/Properties/DeletionProtectionEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(resources
                        .at("/MachineClientPool/Properties/DeletionProtection")
                        .asText())
                .isEqualTo("ACTIVE");
        assertThat(SynthesizedStages.of("prod").stack().getTerminationProtection())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag"})
    void statefulResources_whenNotProd_areDeletedWithTheStack(String stage) {
        JsonNode resources = SynthesizedStages.of(stage).json().path("Resources");
        PINNED.keySet()
                .forEach(logicalId -> assertThat(resources
                                .at("/" + logicalId + "/DeletionPolicy")
                                .asText())
                        .as(logicalId)
                        .isEqualTo("Delete"));
        assertThat(resources
                        .at("/RoutesTable/Properties/DeletionProtectionEnabled")
                        .asBoolean())
                .isFalse();
    }
}
