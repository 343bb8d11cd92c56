package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qrrouter.infra.internal.DataStore;
import com.qrrouter.settings.PipelineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Queues, key and tables of every stage. */
class DataStoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queues_whenSynthesized_areEncryptedWithTheStageKey(String stage) {
        JsonNode json = SynthesizedStages.of(stage).json();
        for (String queue : List.of(DataStore.QUEUE_LOGICAL_ID, DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID)) {
            JsonNode props = json.at("/Resources/" + queue + "/Properties");
            assertThat(props.at("/KmsMasterKeyId/Fn::GetAtt/0").asText())
                    .as(queue)
                    .isEqualTo(DataStore.KEY_LOGICAL_ID);
        }
        JsonNode key = json.at("/Resources/" + DataStore.KEY_LOGICAL_ID);
        assertThat(key.path("Type").asText()).isEqualTo("AWS::KMS::Key");
        assertThat(key.at("/Properties/EnableKeyRotation").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queuePolicies_whenSynthesized_denyEveryRequestWithoutTls(String stage) {
        Map<String, JsonNode> policies = SynthesizedStages.of(stage).ofType("AWS::SQS::QueuePolicy");
        List<String> protectedQueues = new ArrayList<>();
        policies.values().forEach(policy -> {
            for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                if (statement.path("Effect").asText().equals("Deny")
                        && statement
                                .at("/Condition/Bool/aws:SecureTransport")
                                .asText()
                                .equals("false")
                        && statement.path("Action").asText().equals("sqs:*")) {
                    policy.at("/Properties/Queues")
                            .forEach(q -> protectedQueues.add(q.path("Ref").asText()));
                }
            }
        });
        assertThat(protectedQueues)
                .containsExactlyInAnyOrder(DataStore.QUEUE_LOGICAL_ID, DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queue_whenSynthesized_retriesAtLeastFiveTimesThenMovesToTheDeadLetterQueue(String stage) {
        JsonNode json = SynthesizedStages.of(stage).json();
        JsonNode queue = json.at("/Resources/" + DataStore.QUEUE_LOGICAL_ID + "/Properties");
        JsonNode redrive = queue.path("RedrivePolicy");
        assertThat(redrive.path("maxReceiveCount").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(redrive.at("/deadLetterTargetArn/Fn::GetAtt/0").asText())
                .isEqualTo(DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queue_whenSynthesized_hidesAMessageForSixFunctionTimeouts(String stage) {
        JsonNode json = SynthesizedStages.of(stage).json();
        int visibility = json.at("/Resources/" + DataStore.QUEUE_LOGICAL_ID + "/Properties/VisibilityTimeout")
                .asInt();
        JsonNode function = SynthesizedStages.of(stage).ofType("AWS::Lambda::Function").values().stream()
                .filter(f -> f.at("/Properties/Handler").asText().startsWith("com.qrrouter"))
                .findFirst()
                .orElseThrow();
        int functionTimeout = function.at("/Properties/Timeout").asInt();
        assertThat(functionTimeout).isEqualTo((int) PipelineSettings.FUNCTION_TIMEOUT.toSeconds());
        assertThat(visibility).isGreaterThanOrEqualTo(6 * functionTimeout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void deadLetterQueue_whenSynthesized_keepsMessagesLongerThanTheQueue(String stage) {
        JsonNode json = SynthesizedStages.of(stage).json();
        int queueRetention = json.at("/Resources/" + DataStore.QUEUE_LOGICAL_ID + "/Properties/MessageRetentionPeriod")
                .asInt();
        int dlqRetention = json.at(
                        "/Resources/" + DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID + "/Properties/MessageRetentionPeriod")
                .asInt();
        assertThat(queueRetention).isEqualTo((int) PipelineSettings.QUEUE_RETENTION.toSeconds());
        assertThat(dlqRetention).isGreaterThan(queueRetention).isEqualTo(14 * 24 * 3600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void routesTable_whenSynthesized_isKeyedByClientIdOnDemandWithRecoveryAndEncryption(String stage) {
        JsonNode table = SynthesizedStages.of(stage).json().at("/Resources/" + DataStore.ROUTES_TABLE_LOGICAL_ID);
        assertThat(table.path("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        JsonNode props = table.path("Properties");
        assertThat(props.at("/KeySchema/0/AttributeName").asText()).isEqualTo("ClientID");
        assertThat(props.at("/KeySchema/0/KeyType").asText()).isEqualTo("HASH");
        assertThat(props.path("KeySchema")).hasSize(1);
        assertThat(props.at("/AttributeDefinitions/0/AttributeType").asText()).isEqualTo("S");
        assertOnDemandRecoverableEncrypted(props);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void idempotencyTable_whenSynthesized_isKeyedByIdWithTimeToLive(String stage) {
        JsonNode table = SynthesizedStages.of(stage).json().at("/Resources/" + DataStore.IDEMPOTENCY_TABLE_LOGICAL_ID);
        JsonNode props = table.path("Properties");
        assertThat(props.at("/KeySchema/0/AttributeName").asText()).isEqualTo("id");
        assertThat(props.path("KeySchema")).hasSize(1);
        assertThat(props.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("expiration");
        assertThat(props.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
        assertOnDemandRecoverableEncrypted(props);
    }

    private static void assertOnDemandRecoverableEncrypted(JsonNode props) {
        assertThat(props.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(props.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(props.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
        assertThat(props.at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
        assertThat(props.at("/SSESpecification/KMSMasterKeyId/Fn::GetAtt/0").asText())
                .isEqualTo(DataStore.KEY_LOGICAL_ID);
    }
}
