package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.getAtt;
import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static com.qrrouter.infra.SynthesizedStages.jsonText;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.internal.ApiFirewall;
import com.qrrouter.schema.QrMessageSchema;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** WAF: managed rule groups, rate limit, the schema's body bound, inspection limit, association and logging. */
class ApiFirewallTest {

    private static final String WEB_ACL = "AWS::WAFv2::WebACL";
    /** Any object: WAF takes an action without settings as an empty one ({@code "Allow": {}}). */
    private static final Object AN_OBJECT = Match.objectLike(Map.of());

    private static Template template(String stage) {
        return SynthesizedStages.of(stage).template();
    }

    /** The stage's one web ACL has properties like {@code properties}. */
    private static void assertWebAcl(String stage, Map<String, ?> properties) {
        template(stage).resourceCountIs(WEB_ACL, 1);
        template(stage).hasResourceProperties(WEB_ACL, properties);
    }

    /** The web ACL has a rule like {@code rule}. */
    private static void assertRule(String stage, Map<String, ?> rule) {
        assertWebAcl(stage, Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(rule)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void webAcl_whenSynthesized_runsTheRulesCheapestFirst(String stage) {
        assertWebAcl(
                stage,
                Map.of(
                        "Scope",
                        "REGIONAL",
                        "DefaultAction",
                        Map.of("Allow", AN_OBJECT),
                        "Rules",
                        List.of(
                                Map.of("Priority", 0, "Name", ApiFirewall.IP_REPUTATION_RULE),
                                Map.of("Priority", 1, "Name", ApiFirewall.RATE_LIMIT_RULE),
                                Map.of("Priority", 2, "Name", ApiFirewall.BODY_SIZE_RULE),
                                Map.of("Priority", 3, "Name", ApiFirewall.KNOWN_BAD_INPUTS_RULE),
                                Map.of("Priority", 4, "Name", ApiFirewall.COMMON_RULE))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void managedRuleGroups_whenSynthesized_areAwsCommonKnownBadInputsAndIpReputation(String stage) {
        Map<String, String> groups = Map.of(
                ApiFirewall.IP_REPUTATION_RULE, "AWSManagedRulesAmazonIpReputationList",
                ApiFirewall.KNOWN_BAD_INPUTS_RULE, "AWSManagedRulesKnownBadInputsRuleSet",
                ApiFirewall.COMMON_RULE, "AWSManagedRulesCommonRuleSet");
        groups.forEach((rule, group) -> assertRule(
                stage,
                Map.of(
                        "Name",
                        rule,
                        "Statement",
                        Map.of("ManagedRuleGroupStatement", Map.of("VendorName", "AWS", "Name", group)),
                        "OverrideAction",
                        Map.of("None", AN_OBJECT))));
    }

    /** The names of the rules that {@code group}'s overrides turn into counts; fails if it has other overrides. */
    private static List<String> countOnlyRules(String stage, String group) {
        Capture overrides = new Capture();
        assertRule(
                stage,
                Map.of(
                        "Name",
                        group,
                        "Statement",
                        Map.of("ManagedRuleGroupStatement", Map.of("RuleActionOverrides", overrides))));
        List<String> names = new java.util.ArrayList<>();
        for (Object override : overrides.asArray()) {
            Map<?, ?> entry = (Map<?, ?>) override;
            assertThat(entry.keySet().stream().map(String::valueOf).toList())
                    .containsExactlyInAnyOrder("Name", "ActionToUse");
            assertThat(((Map<?, ?>) entry.get("ActionToUse"))
                            .keySet().stream().map(String::valueOf).toList())
                    .as("action of %s", entry.get("Name"))
                    .containsExactly("Count");
            names.add((String) entry.get("Name"));
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void commonRuleSet_whenSynthesized_onlyCountsTheRulesThatMatchValidScans(String stage) {
        // Decisions 0333-0338: exactly these count; every other rule of the group blocks.
        assertThat(countOnlyRules(stage, ApiFirewall.COMMON_RULE))
                .containsExactlyInAnyOrder(
                        "CrossSiteScripting_BODY",
                        "GenericLFI_BODY",
                        "GenericRFI_BODY",
                        "EC2MetaDataSSRF_BODY",
                        "NoUserAgent_HEADER",
                        "SizeRestrictions_BODY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void knownBadInputs_whenSynthesized_onlyCountsJavaDeserializationInTheBodyAndBlocksLog4j(String stage) {
        // Decisions 0339 and 0340: base64 in a QR code may look like a serialized Java object; Log4j strings never do.
        List<String> countOnly = countOnlyRules(stage, ApiFirewall.KNOWN_BAD_INPUTS_RULE);
        assertThat(countOnly).containsExactly("JavaDeserializationRCE_BODY");
        assertThat(countOnly).noneMatch(rule -> rule.startsWith("Log4JRCE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void ipReputation_whenSynthesized_blocksWithoutOverrides(String stage) {
        assertRule(
                stage,
                Map.of(
                        "Name",
                        ApiFirewall.IP_REPUTATION_RULE,
                        "Statement",
                        Map.of("ManagedRuleGroupStatement", Map.of("RuleActionOverrides", Match.absent()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void bodySizeRule_whenSynthesized_blocksBodiesOverTheSchemaBoundWith413(String stage) {
        Capture bodyKey = new Capture();
        assertRule(
                stage,
                Map.of(
                        "Name",
                        ApiFirewall.BODY_SIZE_RULE,
                        "Statement",
                        Map.of(
                                "SizeConstraintStatement",
                                Map.of(
                                        "ComparisonOperator",
                                        "GT",
                                        "Size",
                                        QrMessageSchema.MAX_MESSAGE_BYTES,
                                        // A body longer than the inspection limit cannot be inspected: it counts
                                        // as too large.
                                        "FieldToMatch",
                                        Map.of("Body", Map.of("OversizeHandling", "MATCH")))),
                        "Action",
                        Map.of(
                                "Block",
                                Map.of(
                                        "CustomResponse",
                                        Map.of("ResponseCode", 413, "CustomResponseBodyKey", bodyKey)))));
        assertWebAcl(
                stage,
                Map.of(
                        "CustomResponseBodies",
                        Map.of(
                                bodyKey.asString(),
                                Map.of(
                                        "ContentType",
                                        "APPLICATION_JSON",
                                        "Content",
                                        Match.stringLikeRegexp(Integer.toString(QrMessageSchema.MAX_MESSAGE_BYTES)))),
                        "AssociationConfig",
                        Map.of("RequestBody", Map.of("API_GATEWAY", Map.of("DefaultSizeInspectionLimit", "KB_16")))));
        assertThat(ApiFirewall.BODY_INSPECTION_BYTES).isGreaterThanOrEqualTo(QrMessageSchema.MAX_MESSAGE_BYTES);
    }

    @Test
    void rateRule_whenSynthesized_limitsEachIpPerStage() {
        for (String stage : StageConfig.STAGES) {
            assertRule(
                    stage,
                    Map.of(
                            "Name",
                            ApiFirewall.RATE_LIMIT_RULE,
                            "Statement",
                            Map.of(
                                    "RateBasedStatement",
                                    Map.of(
                                            "Limit",
                                            StageConfig.forStage(stage).wafRequestsPerIpPerFiveMinutes(),
                                            "AggregateKeyType",
                                            "IP",
                                            "EvaluationWindowSec",
                                            300)),
                            "Action",
                            Map.of("Block", Map.of("CustomResponse", Map.of("ResponseCode", 429)))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void association_whenSynthesized_protectsTheApiStage(String stage) {
        Template template = template(stage);
        Capture resourceArn = new Capture();
        template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
        template.hasResourceProperties(
                "AWS::WAFv2::WebACLAssociation",
                Map.of("ResourceArn", resourceArn, "WebACLArn", getAtt(template.getResourceId(WEB_ACL), "Arn")));
        assertThat(jsonText(resourceArn.asObject()))
                .contains("/stages/")
                .contains(template.getResourceId("AWS::ApiGateway::Stage"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void logging_whenSynthesized_redactsTheAuthorizationHeader(String stage) {
        Template template = template(stage);
        Capture destinations = new Capture();
        template.resourceCountIs("AWS::WAFv2::LoggingConfiguration", 1);
        template.hasResourceProperties(
                "AWS::WAFv2::LoggingConfiguration",
                Map.of(
                        "RedactedFields",
                        List.of(Map.of("SingleHeader", Map.of("Name", "authorization"))),
                        "LogDestinationConfigs",
                        destinations));
        assertThat(jsonText(destinations.asArray()))
                .contains(":log-group:aws-waf-logs-QrRouter-" + stage + "\"")
                .doesNotContain(":*");
        Map<String, Object> wafLogs = Map.of("LogGroupName", Match.stringLikeRegexp("^aws-waf-logs-"));
        assertThat(idsOf(template, "AWS::Logs::LogGroup", wafLogs)).hasSize(1);
        template.hasResourceProperties(
                "AWS::Logs::LogGroup",
                Map.of(
                        "LogGroupName",
                        Match.stringLikeRegexp("^aws-waf-logs-"),
                        "RetentionInDays",
                        SynthesizedStages.logRetentionDays(stage)));
        // Sampled requests would show the Authorization header: off for every rule.
        Capture rules = new Capture();
        assertWebAcl(stage, Map.of("Rules", rules));
        assertWebAcl(
                stage,
                Map.of(
                        "Rules",
                        Collections.nCopies(
                                rules.asArray().size(),
                                Match.objectLike(
                                        Map.of("VisibilityConfig", Map.of("SampledRequestsEnabled", false))))));
    }
}
