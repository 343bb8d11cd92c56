package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.getAtt;
import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.internal.DataStore;
import com.qrrouter.settings.PipelineSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Queues, key and tables of every stage. */
class DataStoreTest {

    private static final String QUEUE = "AWS::SQS::Queue";
    private static final String TABLE = "AWS::DynamoDB::Table";

    /** What both tables have: on-demand billing, point-in-time recovery and encryption with the stage key. */
    private static final Map<String, Object> ON_DEMAND_RECOVERABLE_ENCRYPTED = Map.of(
            "BillingMode",
            "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification",
            Map.of("PointInTimeRecoveryEnabled", true),
            "SSESpecification",
            Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", getAtt(DataStore.KEY_LOGICAL_ID, "Arn")));

    private static Template template(String stage) {
        return SynthesizedStages.of(stage).template();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queues_whenSynthesized_areEncryptedWithTheStageKey(String stage) {
        Template template = template(stage);
        assertThat(idsOf(template, QUEUE, Map.of("KmsMasterKeyId", getAtt(DataStore.KEY_LOGICAL_ID, "Arn"))))
                .contains(DataStore.QUEUE_LOGICAL_ID, DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID);
        assertThat(idsOf(template, "AWS::KMS::Key", Map.of("EnableKeyRotation", true)))
                .contains(DataStore.KEY_LOGICAL_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queuePolicies_whenSynthesized_denyEveryRequestWithoutTls(String stage) {
        Template template = template(stage);
        Map<String, Object> denyWithoutTls = Map.of(
                "PolicyDocument",
                Map.of(
                        "Statement",
                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Effect", "Deny",
                                "Action", "sqs:*",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))));
        assertThat(idsOf(template, "AWS::SQS::QueuePolicy", denyWithoutTls)).hasSize(2);
        for (String queue : List.of(DataStore.QUEUE_LOGICAL_ID, DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID)) {
            Map<String, Object> ofTheQueue = new LinkedHashMap<>(denyWithoutTls);
            ofTheQueue.put("Queues", List.of(ref(queue)));
            assertThat(idsOf(template, "AWS::SQS::QueuePolicy", ofTheQueue))
                    .as(queue)
                    .hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queue_whenSynthesized_retriesAtLeastFiveTimesThenMovesToTheDeadLetterQueue(String stage) {
        Capture maxReceiveCount = new Capture();
        assertThat(idsOf(
                        template(stage),
                        QUEUE,
                        Map.of(
                                "RedrivePolicy",
                                Map.of(
                                        "maxReceiveCount",
                                        maxReceiveCount,
                                        "deadLetterTargetArn",
                                        getAtt(DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID, "Arn")))))
                .containsExactly(DataStore.QUEUE_LOGICAL_ID);
        assertThat(maxReceiveCount.asNumber().intValue()).isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void queue_whenSynthesized_hidesAMessageForSixFunctionTimeouts(String stage) {
        Template template = template(stage);
        Capture visibility = new Capture();
        assertThat(idsOf(template, QUEUE, Map.of("VisibilityTimeout", visibility)))
                .containsExactly(DataStore.QUEUE_LOGICAL_ID);
        int functionTimeout = (int) PipelineSettings.FUNCTION_TIMEOUT.toSeconds();
        assertThat(idsOf(
                        template,
                        "AWS::Lambda::Function",
                        Map.of("Handler", Match.stringLikeRegexp("^com\\.qrrouter"), "Timeout", functionTimeout)))
                .hasSize(1);
        assertThat(visibility.asNumber().intValue()).isGreaterThanOrEqualTo(6 * functionTimeout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void deadLetterQueue_whenSynthesized_keepsMessagesLongerThanTheQueue(String stage) {
        Template template = template(stage);
        int queueRetention = (int) PipelineSettings.QUEUE_RETENTION.toSeconds();
        int dlqRetention = 14 * 24 * 3600;
        assertThat(dlqRetention).isGreaterThan(queueRetention);
        assertThat(idsOf(template, QUEUE, Map.of("MessageRetentionPeriod", queueRetention)))
                .containsExactly(DataStore.QUEUE_LOGICAL_ID);
        assertThat(idsOf(template, QUEUE, Map.of("MessageRetentionPeriod", dlqRetention)))
                .containsExactly(DataStore.DEAD_LETTER_QUEUE_LOGICAL_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void routesTable_whenSynthesized_isKeyedByClientIdOnDemandWithRecoveryAndEncryption(String stage) {
        Map<String, Object> routesTable = new LinkedHashMap<>(ON_DEMAND_RECOVERABLE_ENCRYPTED);
        routesTable.put("KeySchema", List.of(Map.of("AttributeName", "ClientID", "KeyType", "HASH")));
        routesTable.put("AttributeDefinitions", List.of(Map.of("AttributeName", "ClientID", "AttributeType", "S")));
        assertThat(idsOf(template(stage), TABLE, routesTable)).contains(DataStore.ROUTES_TABLE_LOGICAL_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void idempotencyTable_whenSynthesized_isKeyedByIdWithTimeToLive(String stage) {
        Map<String, Object> idempotencyTable = new LinkedHashMap<>(ON_DEMAND_RECOVERABLE_ENCRYPTED);
        idempotencyTable.put("KeySchema", List.of(Map.of("AttributeName", "id")));
        idempotencyTable.put("TimeToLiveSpecification", Map.of("AttributeName", "expiration", "Enabled", true));
        assertThat(idsOf(template(stage), TABLE, idempotencyTable)).contains(DataStore.IDEMPOTENCY_TABLE_LOGICAL_ID);
    }
}
