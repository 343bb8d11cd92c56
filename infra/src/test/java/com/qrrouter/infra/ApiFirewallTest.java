package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qrrouter.infra.internal.ApiFirewall;
import com.qrrouter.schema.QrMessageSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WAF: managed rule groups, rate limit, the schema's body bound, inspection limit, association and logging. */
class ApiFirewallTest {

    private static Map<String, JsonNode> rulesByName(String stage) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        SynthesizedStages.of(stage)
                .single("AWS::WAFv2::WebACL")
                .at("/Properties/Rules")
                .forEach(rule -> rules.put(rule.path("Name").asText(), rule));
        return rules;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void webAcl_whenSynthesized_runsTheRulesCheapestFirst(String stage) {
        JsonNode acl = SynthesizedStages.of(stage).single("AWS::WAFv2::WebACL").path("Properties");
        assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
        assertThat(acl.at("/DefaultAction/Allow").isObject()).isTrue();
        List<String> order = new ArrayList<>();
        acl.path("Rules")
                .forEach(rule -> order.add(
                        rule.path("Priority").asInt() + ":" + rule.path("Name").asText()));
        assertThat(order)
                .containsExactly(
                        "0:" + ApiFirewall.IP_REPUTATION_RULE,
                        "1:" + ApiFirewall.RATE_LIMIT_RULE,
                        "2:" + ApiFirewall.BODY_SIZE_RULE,
                        "3:" + ApiFirewall.KNOWN_BAD_INPUTS_RULE,
                        "4:" + ApiFirewall.COMMON_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void managedRuleGroups_whenSynthesized_areAwsCommonKnownBadInputsAndIpReputation(String stage) {
        Map<String, JsonNode> rules = rulesByName(stage);
        Map<String, String> groups = Map.of(
                ApiFirewall.IP_REPUTATION_RULE, "AWSManagedRulesAmazonIpReputationList",
                ApiFirewall.KNOWN_BAD_INPUTS_RULE, "AWSManagedRulesKnownBadInputsRuleSet",
                ApiFirewall.COMMON_RULE, "AWSManagedRulesCommonRuleSet");
        groups.forEach((rule, group) -> {
            JsonNode statement = rules.get(rule).at("/Statement/ManagedRuleGroupStatement");
            assertThat(statement.path("VendorName").asText()).isEqualTo("AWS");
            assertThat(statement.path("Name").asText()).isEqualTo(group);
            assertThat(rules.get(rule).at("/OverrideAction/None").isObject())
                    .as(rule)
                    .isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void commonRuleSet_whenSynthesized_onlyCountsItsFixedEightKilobyteBodyRule(String stage) {
        JsonNode overrides = rulesByName(stage)
                .get(ApiFirewall.COMMON_RULE)
                .at("/Statement/ManagedRuleGroupStatement/RuleActionOverrides");
        assertThat(overrides).hasSize(1);
        assertThat(overrides.at("/0/Name").asText()).isEqualTo("SizeRestrictions_BODY");
        assertThat(overrides.at("/0/ActionToUse/Count").isObject()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void bodySizeRule_whenSynthesized_blocksBodiesOverTheSchemaBoundWith413(String stage) {
        JsonNode acl = SynthesizedStages.of(stage).single("AWS::WAFv2::WebACL").path("Properties");
        JsonNode rule = rulesByName(stage).get(ApiFirewall.BODY_SIZE_RULE);
        JsonNode size = rule.at("/Statement/SizeConstraintStatement");
        assertThat(size.path("ComparisonOperator").asText()).isEqualTo("GT");
        assertThat(size.path("Size").asLong()).isEqualTo(QrMessageSchema.MAX_MESSAGE_BYTES);
        // A body longer than the inspection limit cannot be inspected: it counts as too large.
        assertThat(size.at("/FieldToMatch/Body/OversizeHandling").asText()).isEqualTo("MATCH");
        JsonNode response = rule.at("/Action/Block/CustomResponse");
        assertThat(response.path("ResponseCode").asInt()).isEqualTo(413);
        String bodyKey = response.path("CustomResponseBodyKey").asText();
        assertThat(acl.at("/CustomResponseBodies/" + bodyKey + "/ContentType").asText())
                .isEqualTo("APPLICATION_JSON");
        assertThat(acl.at("/CustomResponseBodies/" + bodyKey + "/Content").asText())
                .contains(Integer.toString(QrMessageSchema.MAX_MESSAGE_BYTES));
        assertThat(acl.at("/AssociationConfig/RequestBody/API_GATEWAY/DefaultSizeInspectionLimit")
                        .asText())
                .isEqualTo("KB_16");
        assertThat(ApiFirewall.BODY_INSPECTION_BYTES).isGreaterThanOrEqualTo(QrMessageSchema.MAX_MESSAGE_BYTES);
    }

    @Test
    void rateRule_whenSynthesized_limitsEachIpPerStage() {
        for (String stage : StageConfig.STAGES) {
            JsonNode rule = rulesByName(stage).get(ApiFirewall.RATE_LIMIT_RULE);
            JsonNode rate = rule.at("/Statement/RateBasedStatement");
            assertThat(rate.path("Limit").asLong())
                    .isEqualTo(StageConfig.forStage(stage).wafRequestsPerIpPerFiveMinutes());
            assertThat(rate.path("AggregateKeyType").asText()).isEqualTo("IP");
            assertThat(rate.path("EvaluationWindowSec").asInt()).isEqualTo(300);
            assertThat(rule.at("/Action/Block/CustomResponse/ResponseCode").asInt())
                    .isEqualTo(429);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void association_whenSynthesized_protectsTheApiStage(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        JsonNode association = synth.single("AWS::WAFv2::WebACLAssociation").path("Properties");
        String stageId =
                synth.ofType("AWS::ApiGateway::Stage").keySet().iterator().next();
        String aclId = synth.ofType("AWS::WAFv2::WebACL").keySet().iterator().next();
        assertThat(association.path("ResourceArn").toString())
                .contains("/stages/")
                .contains(stageId);
        assertThat(association.at("/WebACLArn/Fn::GetAtt/0").asText()).isEqualTo(aclId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void logging_whenSynthesized_redactsTheAuthorizationHeader(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        JsonNode logging = synth.single("AWS::WAFv2::LoggingConfiguration").path("Properties");
        assertThat(logging.at("/RedactedFields/0/SingleHeader/Name").asText()).isEqualTo("authorization");
        assertThat(logging.path("LogDestinationConfigs").toString())
                .contains(":log-group:aws-waf-logs-QrRouter-" + stage + "\"")
                .doesNotContain(":*");
        JsonNode group = synth.ofType("AWS::Logs::LogGroup").values().stream()
                .filter(g -> g.at("/Properties/LogGroupName").asText().startsWith("aws-waf-logs-"))
                .findFirst()
                .orElseThrow();
        assertThat(group.at("/Properties/RetentionInDays").asInt())
                .isEqualTo(SynthesizedStages.logRetentionDays(stage));
        JsonNode acl = synth.single("AWS::WAFv2::WebACL").path("Properties");
        acl.path("Rules")
                .forEach(rule -> assertThat(rule.at("/VisibilityConfig/SampledRequestsEnabled")
                                .asBoolean())
                        .isFalse());
    }
}
