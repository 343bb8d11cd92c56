package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.internal.ApiFirewall;
import com.qrrouter.infra.internal.RouterFunction;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterVariable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * CDK context overrides reach the template: a {@code stag} stage synthesized with every override, given as the CLI
 * gives {@code -c key=value} (strings) and as {@code cdk.json} gives them (JSON numbers), and still clean for cdk-nag
 * and cfn-lint.
 */
class StageOverridesTemplateTest {

    private static final String PREFIX = "acme/doors/stag/";

    private static final Map<String, Object> CONTEXT = context();

    private static Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(QrRouterApp.STAGE_CONTEXT, "stag");
        context.put(StageOverrides.API_RATE_LIMIT, "37.5");
        context.put(StageOverrides.API_BURST_LIMIT, 75);
        context.put(StageOverrides.WAF_RATE_LIMIT, "12345");
        context.put(StageOverrides.MAX_CONCURRENCY, 50);
        context.put(StageOverrides.BATCHING_WINDOW_SECONDS, "2");
        context.put(StageOverrides.TOPIC_PREFIX, PREFIX);
        return context;
    }

    private static SynthesizedStages.Synthesized synthesized() {
        StageConfig stage = StageOverrides.fromContext(CONTEXT, List.of(QrRouterApp.STAGE_CONTEXT))
                .applyTo(StageConfig.forStage("stag"));
        return SynthesizedStages.of(stage);
    }

    private static Template template() {
        return synthesized().template();
    }

    @Test
    void eventSource_whenOverridden_takesTheBatchingWindowAndMaximumConcurrency() {
        template()
                .hasResourceProperties(
                        "AWS::Lambda::EventSourceMapping",
                        Map.of(
                                "BatchSize",
                                PipelineSettings.BATCH_SIZE,
                                "MaximumBatchingWindowInSeconds",
                                2,
                                "ScalingConfig",
                                Map.of("MaximumConcurrency", 50),
                                "FunctionResponseTypes",
                                List.of("ReportBatchItemFailures")));
    }

    @Test
    void apiStage_whenOverridden_takesTheThrottling() {
        template()
                .hasResourceProperties(
                        "AWS::ApiGateway::Stage",
                        Map.of(
                                "StageName",
                                "stag",
                                "MethodSettings",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "HttpMethod",
                                        "*",
                                        "ResourcePath",
                                        "/*",
                                        "ThrottlingRateLimit",
                                        37.5,
                                        "ThrottlingBurstLimit",
                                        75))))));
    }

    @Test
    void firewall_whenOverridden_takesTheRateLimitPerIp() {
        template()
                .hasResourceProperties(
                        "AWS::WAFv2::WebACL",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Name",
                                        ApiFirewall.RATE_LIMIT_RULE,
                                        "Statement",
                                        Map.of(
                                                "RateBasedStatement",
                                                Match.objectLike(
                                                        Map.of("Limit", 12345, "AggregateKeyType", "IP")))))))));
    }

    @Test
    void router_whenTopicPrefixOverridden_publishesUnderItAndIsAllowedOnlyThere() {
        Template template = template();
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        RouterFunction.HANDLER,
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of(RouterVariable.TOPIC_PREFIX.name(), PREFIX)))));
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectEquals(Map.of(
                                        "Effect", "Allow",
                                        "Action", "iot:Publish",
                                        "Resource", SynthesizedStages.iotArn("topic/" + PREFIX + "*"))))))));
        template.hasOutput(QrRouterStack.Outputs.TOPIC_PREFIX, Match.objectLike(Map.of("Value", PREFIX)));
    }

    @Test
    void testerPolicy_whenTopicPrefixOverridden_coversTheE2eTopicsUnderIt() {
        template()
                .hasResourceProperties(
                        "AWS::IAM::ManagedPolicy",
                        Map.of(
                                "PolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(
                                                Match.objectLike(Map.of(
                                                        "Sid",
                                                        "MqttSubscribeToE2eTopics",
                                                        "Resource",
                                                        SynthesizedStages.iotArn("topicfilter/" + PREFIX + "e2e/*"))),
                                                Match.objectLike(Map.of(
                                                        "Sid",
                                                        "MqttReceiveFromE2eTopics",
                                                        "Resource",
                                                        SynthesizedStages.iotArn("topic/" + PREFIX + "e2e/*"))))))));
    }

    @Test
    void template_whenTopicPrefixOverridden_namesTheDefaultPrefixNowhere() {
        String json = SynthesizedStages.jsonText(synthesized().template().toJSON());
        assertThat(json).contains(PREFIX).doesNotContain(PipelineSettings.topicPrefix("stag"));
    }

    @Test
    void nagPacks_whenOverridden_reportNothingUnsuppressed() {
        // The iot:Publish and tester suppressions name the overridden prefix exactly.
        assertThat(synthesized().nagErrors()).isEmpty();
        assertThat(synthesized().nagWarnings()).isEmpty();
    }

    @Test
    void template_whenOverriddenAndLinted_hasNoErrorOrWarning() throws Exception {
        CfnLintTest.assertLintsClean(synthesized());
    }
}
