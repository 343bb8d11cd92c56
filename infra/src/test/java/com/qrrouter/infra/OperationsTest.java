package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.everyValue;
import static com.qrrouter.infra.SynthesizedStages.getAtt;
import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static com.qrrouter.infra.SynthesizedStages.jsonText;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.internal.Operations;
import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Alarms, their topic, the dashboard and log retention. */
class OperationsTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";
    private static final String TOPIC = "AWS::SNS::Topic";
    private static final String LOG_GROUP = "AWS::Logs::LogGroup";
    private static final String FUNCTION = "AWS::Lambda::Function";

    /** What an alarm watches; {@code dimension} is a pattern of one of its dimensions. */
    private record AlarmSpec(
            String namespace, String metric, String statistic, double threshold, Map<String, Object> dimension) {}

    private static final Map<String, AlarmSpec> ALARMS = Map.of(
            // Parked scans are not forgotten: 3 days of the DLQ's 14-day retention left 11 to act.
            "OldestParkedScanAging",
                    new AlarmSpec(
                            "AWS/SQS",
                            "ApproximateAgeOfOldestMessage",
                            "Maximum",
                            3 * 24 * 3600,
                            Map.of("Value", getAtt("DeadLetterQueue", "QueueName"))),
            "DeadLetterQueueNotEmpty",
                    new AlarmSpec(
                            "AWS/SQS",
                            "ApproximateNumberOfMessagesVisible",
                            "Maximum",
                            1,
                            Map.of("Value", getAtt("DeadLetterQueue", "QueueName"))),
            "OldestMessageTooOld",
                    new AlarmSpec(
                            "AWS/SQS",
                            "ApproximateAgeOfOldestMessage",
                            "Maximum",
                            300,
                            Map.of("Value", getAtt("MessageQueue", "QueueName"))),
            "RouterErrors",
                    new AlarmSpec(
                            "AWS/Lambda",
                            "Errors",
                            "Sum",
                            1,
                            Map.of("Value", ref(Match.stringLikeRegexp("^RouterFunction")))),
            "RouterThrottles",
                    new AlarmSpec(
                            "AWS/Lambda",
                            "Throttles",
                            "Sum",
                            1,
                            Map.of("Value", ref(Match.stringLikeRegexp("^RouterFunction")))),
            // The API alarm watches this stage, not every stage of the API name.
            "ApiServerErrors",
                    new AlarmSpec(
                            "AWS/ApiGateway",
                            "5XXError",
                            "Sum",
                            1,
                            Map.of("Name", "Stage", "Value", ref(Match.stringLikeRegexp("^MessageApi")))));

    private static Template template(String stage) {
        return SynthesizedStages.of(stage).template();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void alarms_whenSynthesized_watchDlqAgeErrorsThrottlesAnd5xx(String stage) {
        Template template = template(stage);
        template.resourceCountIs(ALARM, ALARMS.size() + 1); // + NewParkedScan, a metric math alarm
        String topic = template.getResourceId(TOPIC);
        ALARMS.forEach((name, spec) -> assertThat(idsOf(
                        template,
                        ALARM,
                        Map.of(
                                "Namespace", spec.namespace(),
                                "MetricName", spec.metric(),
                                "Statistic", spec.statistic(),
                                "Threshold", spec.threshold(),
                                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                                "TreatMissingData", "notBreaching",
                                "Dimensions", Match.arrayWith(List.of(Match.objectLike(spec.dimension()))),
                                "AlarmActions", List.of(ref(topic)),
                                "OKActions", List.of(ref(topic)))))
                .as(name)
                .singleElement()
                .asString()
                .startsWith("Operations" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void newParkedScan_whenSynthesized_firesPerMinuteWithAParkedScanSentOrMovedToTheDlq(String stage) {
        Template template = template(stage);
        String topic = template.getResourceId(TOPIC);
        Map<String, Object> dlq = Map.of("Name", "QueueName", "Value", getAtt("DeadLetterQueue", "QueueName"));
        Capture sent = new Capture();
        Capture visible = new Capture();
        Capture expression = new Capture();
        assertThat(idsOf(
                        template,
                        ALARM,
                        Map.of(
                                "Threshold",
                                1,
                                "EvaluationPeriods",
                                1,
                                "DatapointsToAlarm",
                                1,
                                "ComparisonOperator",
                                "GreaterThanOrEqualToThreshold",
                                // A quiet minute is OK again, so the next parked scan notifies again.
                                "TreatMissingData",
                                "notBreaching",
                                "AlarmActions",
                                List.of(ref(topic)),
                                "OKActions",
                                List.of(ref(topic)),
                                "Metrics",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of("Expression", expression, "ReturnData", true)),
                                        Match.objectLike(Map.of(
                                                "Id",
                                                sent,
                                                "ReturnData",
                                                false,
                                                "MetricStat",
                                                Map.of(
                                                        "Metric",
                                                        Map.of(
                                                                "Namespace",
                                                                "AWS/SQS",
                                                                "MetricName",
                                                                "NumberOfMessagesSent",
                                                                "Dimensions",
                                                                List.of(dlq)),
                                                        "Period",
                                                        60,
                                                        "Stat",
                                                        "Sum"))),
                                        Match.objectLike(Map.of(
                                                "Id",
                                                visible,
                                                "ReturnData",
                                                false,
                                                "MetricStat",
                                                Map.of(
                                                        "Metric",
                                                        Map.of(
                                                                "Namespace",
                                                                "AWS/SQS",
                                                                "MetricName",
                                                                "ApproximateNumberOfMessagesVisible",
                                                                "Dimensions",
                                                                List.of(dlq)),
                                                        "Period",
                                                        60,
                                                        "Stat",
                                                        "Maximum"))))))))
                .singleElement()
                .asString()
                .startsWith("OperationsNewParkedScan");
        // The router's SendMessage to the DLQ (sent) or SQS's move after maxReceiveCount (a rise of the visible count).
        assertThat(expression.asString())
                .isEqualTo("MAX([FILL(" + sent.asString() + ", 0), FILL(DIFF(" + visible.asString() + "), 0)])");
    }

    @Test
    void alarms_whenSynthesized_eachHaveARowInTheRunbooksAlarmTable() throws Exception {
        String runbook = Files.readString(Path.of("../docs/runbook.md"));
        int start = runbook.indexOf("## Alarms");
        String table = runbook.substring(start, runbook.indexOf("\n## ", start + 1));
        Operations operations =
                (Operations) SynthesizedStages.of("prod").stack().getNode().findChild("Operations");

        List<String> names = operations.alarms().stream()
                .map(alarm -> alarm.getNode().getId())
                .toList();
        assertThat(names).contains("NewParkedScan", "OldestParkedScanAging");
        // The parked-scan age alarm leaves more than a week before SQS deletes the scan.
        assertThat(PipelineSettings.DEAD_LETTER_QUEUE_RETENTION.minusSeconds(
                        Operations.OLDEST_PARKED_SCAN_AGE_THRESHOLD.toSeconds().longValue()))
                .isGreaterThan(java.time.Duration.ofDays(7));
        for (String name : names) {
            assertThat(table).as("runbook row of %s", name).contains("\n| `" + name + "` |");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void alarmTopic_whenSynthesized_isEncryptedAndCloudWatchMayUseTheKey(String stage) {
        Template template = template(stage);
        template.resourceCountIs(TOPIC, 1);
        template.hasResourceProperties(TOPIC, Map.of("KmsMasterKeyId", getAtt("DataKey", "Arn")));
        assertThat(idsOf(
                        template,
                        "AWS::KMS::Key",
                        Map.of(
                                "KeyPolicy",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com")))))))))
                .contains("DataKey");
        template.resourceCountIs("AWS::SNS::Subscription", 1);
        template.hasResourceProperties(
                "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "operators@example.com"));
    }

    /** The dashboard's body as the JSON text of its {@code Fn::Join}: its quotes appear escaped ({@code \"}). */
    private static String dashboardBody(String stage) {
        Capture body = new Capture();
        template(stage).resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template(stage).hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardBody", body));
        return jsonText(body.asObject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void dashboard_whenSynthesized_showsApiQueueDlqAndRouter(String stage) {
        String body = dashboardBody(stage);
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
        String body = dashboardBody(stage);
        for (String outcome : List.of("Published", "Duplicate", "Parked", "Retried")) {
            assertThat(body)
                    .as(outcome)
                    .contains("[\\\"QrRouter\\\",\\\"" + outcome + "\\\",\\\"Service\\\",\\\"qr-router\\\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void logGroups_whenSynthesized_allKeepTheStageRetention(String stage) {
        Template template = template(stage);
        var groups = template.findResources(LOG_GROUP).keySet();
        assertThat(groups).hasSizeGreaterThanOrEqualTo(5);
        template.allResourcesProperties(
                LOG_GROUP, Map.of("RetentionInDays", SynthesizedStages.logRetentionDays(stage)));
        // Every function writes to a group of ours, never to an unmanaged one that keeps logs forever.
        Capture group = new Capture();
        template.allResourcesProperties(FUNCTION, Map.of("LoggingConfig", Map.of("LogGroup", ref(group))));
        assertThat(everyValue(group, Capture::asString)).isSubsetOf(groups);
    }
}
