package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.settings.PipelineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What operators watch: alarms on the DLQ depth, every new parked scan, the age of the oldest parked scan, the age of the oldest queued message, router errors and throttles
 * and API 5xx answers, all sent to an encrypted SNS topic (optionally subscribed by e-mail), and one dashboard.
 */
public final class Operations extends Construct {

    /** A message older than this in the queue means the router is not keeping up or not running. */
    public static final Duration OLDEST_MESSAGE_AGE_THRESHOLD = Duration.minutes(5);

    /**
     * A parked scan older than this alarms: SQS deletes DLQ messages after 14 days ({@code DataStore}), so operators
     * have 11 days left to triage and redrive it.
     */
    public static final Duration OLDEST_PARKED_SCAN_AGE_THRESHOLD = Duration.days(3);

    private final Topic alarmTopic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public Operations(Construct scope, String id, OperationsProps props) {
        super(scope, id);
        StageConfig stage = props.stage();
        DataStore data = props.data();
        IFunction router = props.router();
        Stage apiStage = props.apiStage();
        String prefix = "QrRouter-" + stage.stageName() + " ";

        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName(prefix + "alarms")
                .masterKey(data.key())
                .enforceSsl(true)
                .build();
        // CloudWatch publishes alarm notifications to the encrypted topic.
        data.key().grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        if (props.hasAlarmEmail()) {
            alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail()));
        }

        Duration oneMinute = Duration.minutes(1);
        Duration fiveMinutes = Duration.minutes(5);

        Metric dlqDepth =
                data.deadLetterQueue().metricApproximateNumberOfMessagesVisible(options("Maximum", oneMinute));
        alarm(
                "DeadLetterQueueNotEmpty",
                prefix + "DLQ holds messages: triage with docs/runbook.md (redrive the DLQ)",
                dlqDepth,
                1);
        // Every new parked scan, not only the first: the router's own SendMessage to the DLQ counts in
        // NumberOfMessagesSent, SQS's maxReceiveCount moves do not (they raise the visible count instead). The larger
        // of
        // the two per minute, with missing data not breaching, goes back to OK in the next quiet minute and fires again
        // on the next parked scan.
        MathExpression newParkedScans = MathExpression.Builder.create()
                .label("New parked scans")
                .expression("MAX([FILL(sent, 0), FILL(DIFF(visible), 0)])")
                // Sorted: Map.of's order changes from one JVM to the next, and so would the template.
                .usingMetrics(new TreeMap<>(Map.of(
                        "sent",
                        data.deadLetterQueue().metricNumberOfMessagesSent(options("Sum", oneMinute)),
                        "visible",
                        dlqDepth)))
                .period(oneMinute)
                .build();
        alarm(
                "NewParkedScan",
                prefix + "a scan was parked in the DLQ (again): triage with docs/runbook.md, NewParkedScan",
                newParkedScans,
                1);
        Metric oldestParkedAge =
                data.deadLetterQueue().metricApproximateAgeOfOldestMessage(options("Maximum", fiveMinutes));
        alarm(
                "OldestParkedScanAging",
                prefix + "the oldest parked scan is " + OLDEST_PARKED_SCAN_AGE_THRESHOLD.toDays()
                        + " days old; SQS deletes it at 14 days: triage and redrive or delete it (docs/runbook.md)",
                oldestParkedAge,
                OLDEST_PARKED_SCAN_AGE_THRESHOLD.toSeconds().doubleValue());
        Metric oldestAge = data.queue().metricApproximateAgeOfOldestMessage(options("Maximum", oneMinute));
        alarm(
                "OldestMessageTooOld",
                prefix + "oldest queued message is older than " + OLDEST_MESSAGE_AGE_THRESHOLD.toMinutes()
                        + " minutes: router behind or failing",
                oldestAge,
                OLDEST_MESSAGE_AGE_THRESHOLD.toSeconds().doubleValue());
        Metric errors = router.metricErrors(options("Sum", fiveMinutes));
        alarm("RouterErrors", prefix + "router invocations failed (whole batch retried)", errors, 1);
        Metric throttles = router.metricThrottles(options("Sum", fiveMinutes));
        alarm("RouterThrottles", prefix + "router invocations throttled", throttles, 1);
        Metric serverErrors = apiStage.metricServerError(options("Sum", fiveMinutes));
        alarm("ApiServerErrors", prefix + "API answered 5xx", serverErrors, 1);

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# QR Router " + stage.stageName()
                        + "\nWAF → API → SQS → router → IoT. Runbook: docs/runbook.md.")
                .width(24)
                .height(2)
                .build());
        dashboard.addWidgets(
                graph(
                        "API requests and errors",
                        List.of(
                                apiStage.metricCount(options("Sum", oneMinute)),
                                apiStage.metricClientError(options("Sum", oneMinute)),
                                apiStage.metricServerError(options("Sum", oneMinute)))),
                graph(
                        "API latency (p99)",
                        List.of(
                                apiStage.metricLatency(options("p99", oneMinute)),
                                apiStage.metricIntegrationLatency(options("p99", oneMinute)))),
                graph(
                        "Queue",
                        List.of(
                                data.queue().metricApproximateNumberOfMessagesVisible(options("Maximum", oneMinute)),
                                data.queue().metricNumberOfMessagesSent(options("Sum", oneMinute)),
                                data.queue().metricNumberOfMessagesDeleted(options("Sum", oneMinute)))));
        dashboard.addWidgets(
                graph("Oldest queued message (s)", List.of(oldestAge)),
                graph("Dead-letter queue depth and new parked scans", List.of(dlqDepth, newParkedScans)),
                graph(
                        "Router invocations, errors, throttles",
                        List.of(router.metricInvocations(options("Sum", oneMinute)), errors, throttles)),
                graph(
                        "Router duration (p99) and concurrency",
                        List.of(
                                router.metricDuration(options("p99", oneMinute)),
                                router.metric("ConcurrentExecutions", options("Maximum", oneMinute)))),
                // The router's own EMF metrics: what happened to the messages, not just to the invocations.
                graph(
                        "Messages published, duplicate, parked, retried",
                        List.of(
                                routerOutcome("Published", oneMinute),
                                routerOutcome("Duplicate", oneMinute),
                                routerOutcome("Parked", oneMinute),
                                routerOutcome("Retried", oneMinute))));
        for (Alarm alarm : alarms) {
            alarm.addAlarmAction(new SnsAction(alarmTopic));
            alarm.addOkAction(new SnsAction(alarmTopic));
        }
    }

    private void alarm(String id, String description, IMetric metric, double threshold) {
        alarms.add(Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static IWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(List.copyOf(metrics))
                .width(6)
                .height(6)
                .build();
    }

    /** One of the router's EMF outcome counters (namespace and Service dimension as the function writes them). */
    private static Metric routerOutcome(String name, Duration period) {
        return Metric.Builder.create()
                .namespace(PipelineSettings.METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of("Service", PipelineSettings.SERVICE_NAME))
                .statistic("Sum")
                .period(period)
                .build();
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
