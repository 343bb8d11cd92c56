package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alarms, their topic, the dashboard and log retention. */
class OperationsTest {

    private record AlarmSpec(String namespace, String metric, String statistic, double threshold, String dimension) {}

    private static final Map<String, AlarmSpec> ALARMS = Map.of(
            "DeadLetterQueueNotEmpty",
                    new AlarmSpec("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 1, "DeadLetterQueue"),
            "OldestMessageTooOld",
                    new AlarmSpec("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", 300, "MessageQueue"),
            "RouterErrors", new AlarmSpec("AWS/Lambda", "Errors", "Sum", 1, "RouterFunction"),
            "RouterThrottles", new AlarmSpec("AWS/Lambda", "Throttles", "Sum", 1, "RouterFunction"),
            "ApiServerErrors", new AlarmSpec("AWS/ApiGateway", "5XXError", "Sum", 1, "MessageApi"));

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void alarms_whenSynthesized_watchDlqAgeErrorsThrottlesAnd5xx(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        Map<String, JsonNode> alarms = new HashMap<>();
        synth.ofType("AWS::CloudWatch::Alarm")
                .forEach((id, alarm) -> ALARMS.keySet().stream()
                        .filter(name -> id.startsWith("Operations" + name))
                        .forEach(name -> alarms.put(name, alarm.path("Properties"))));
        assertThat(alarms).containsOnlyKeys(ALARMS.keySet());
        assertThat(synth.ofType("AWS::CloudWatch::Alarm")).hasSize(ALARMS.size());

        String topic = synth.ofType("AWS::SNS::Topic").keySet().iterator().next();
        ALARMS.forEach((name, spec) -> {
            JsonNode alarm = alarms.get(name);
            assertThat(alarm.path("Namespace").asText()).as(name).isEqualTo(spec.namespace());
            assertThat(alarm.path("MetricName").asText()).as(name).isEqualTo(spec.metric());
            assertThat(alarm.path("Statistic").asText()).as(name).isEqualTo(spec.statistic());
            assertThat(alarm.path("Threshold").asDouble()).as(name).isEqualTo(spec.threshold());
            assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.path("Dimensions").toString()).as(name).contains(spec.dimension());
            assertThat(alarm.at("/AlarmActions/0/Ref").asText()).as(name).isEqualTo(topic);
            assertThat(alarm.at("/OKActions/0/Ref").asText()).as(name).isEqualTo(topic);
        });
        // The API alarm watches this stage, not every stage of the API name.
        assertThat(alarms.get("ApiServerErrors").path("Dimensions").toString()).contains("\"Stage\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void alarmTopic_whenSynthesized_isEncryptedAndCloudWatchMayUseTheKey(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        JsonNode topic = synth.single("AWS::SNS::Topic").path("Properties");
        assertThat(topic.at("/KmsMasterKeyId/Fn::GetAtt/0").asText()).isEqualTo("DataKey");
        assertThat(synth.json().at("/Resources/DataKey/Properties/KeyPolicy").toString())
                .contains("cloudwatch.amazonaws.com");
        JsonNode subscription = synth.single("AWS::SNS::Subscription").path("Properties");
        assertThat(subscription.path("Protocol").asText()).isEqualTo("email");
        assertThat(subscription.path("Endpoint").asText()).isEqualTo("operators@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void dashboard_whenSynthesized_showsApiQueueDlqAndRouter(String stage) {
        JsonNode dashboard = SynthesizedStages.of(stage).single("AWS::CloudWatch::Dashboard");
        String body = dashboard.at("/Properties/DashboardBody").toString();
        for (String metric : List.of(
                "\\\"Count\\\"",
                "5XXError",
                "ApproximateAgeOfOldestMessage",
                "ApproximateNumberOfMessagesVisible",
                "\\\"Errors\\\"",
                "Throttles",
                "Duration")) {
            assertThat(body).as(metric).contains(metric);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void dashboard_whenSynthesized_showsTheRoutersMessageOutcomes(String stage) {
        String body = SynthesizedStages.of(stage)
                .single("AWS::CloudWatch::Dashboard")
                .at("/Properties/DashboardBody")
                .toString();
        for (String outcome : List.of("Published", "Duplicate", "Parked", "Retried")) {
            assertThat(body)
                    .as(outcome)
                    .contains("[\\\"QrRouter\\\",\\\"" + outcome + "\\\",\\\"Service\\\",\\\"qr-router\\\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void logGroups_whenSynthesized_allKeepTheStageRetention(String stage) {
        Map<String, JsonNode> groups = SynthesizedStages.of(stage).ofType("AWS::Logs::LogGroup");
        assertThat(groups).hasSizeGreaterThanOrEqualTo(5);
        groups.forEach((id, group) -> assertThat(
                        group.at("/Properties/RetentionInDays").asInt())
                .as(id)
                .isEqualTo(SynthesizedStages.logRetentionDays(stage)));
        // Every function writes to a group of ours, never to an unmanaged one that keeps logs forever.
        SynthesizedStages.of(stage).ofType("AWS::Lambda::Function").forEach((id, function) -> {
            String group = function.at("/Properties/LoggingConfig/LogGroup/Ref").asText();
            assertThat(groups).as(id).containsKey(group);
        });
    }
}
