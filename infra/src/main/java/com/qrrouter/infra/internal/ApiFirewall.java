package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACL.AssociationConfigProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.BlockActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.BodyProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.CountActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.CustomResponseBodyProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.CustomResponseProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.DefaultActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.FieldToMatchProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.ManagedRuleGroupStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.OverrideActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RateBasedStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RuleActionOverrideProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RuleActionProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RuleProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.SizeConstraintStatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.StatementProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.TextTransformationProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.VisibilityConfigProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The WAF web ACL in front of the API stage.
 *
 * <p>Rules, cheapest first: Amazon IP reputation list; a per-IP rate limit (429); the message body size bound of the
 * schema (413); known bad inputs; the common rule set. In both managed groups the rules that would refuse a valid
 * scan only count ({@link #COMMON_COUNT_ONLY_RULES}, {@link #KNOWN_BAD_INPUTS_COUNT_ONLY_RULES}): the WAF refuses
 * attacks, not scans (decisions 0332 to 0344; the 8 KB body rule: 0300, 0337). Body inspection is limited to 16 KB, the API Gateway default
 * that costs nothing extra; a body over the limit is treated as too large ({@link ApiFirewallProps} refuses a bound
 * over it).
 */
public final class ApiFirewall extends Construct {

    /** Rule names, also the CloudWatch metric names of the rules. */
    public static final String IP_REPUTATION_RULE = "AmazonIpReputation";

    public static final String RATE_LIMIT_RULE = "RateLimitPerIp";
    public static final String BODY_SIZE_RULE = "MessageBodySize";
    public static final String KNOWN_BAD_INPUTS_RULE = "KnownBadInputs";
    public static final String COMMON_RULE = "CommonRuleSet";

    /** The common rule set's own body size rule (8 KB), set to count. */
    public static final String COMMON_BODY_SIZE_RULE = "SizeRestrictions_BODY";

    /**
     * Rules of {@code AWSManagedRulesCommonRuleSet} that only count: each matches text a valid QR message may carry, or
     * a header our clients need not send, and the body is JSON validated against the schema, never rendered or
     * executed (decisions 0333 to 0338). Every other rule of the group blocks: they inspect the URI path, query
     * string, cookies or headers, which our clients do not vary.
     */
    public static final List<String> COMMON_COUNT_ONLY_RULES = List.of(
            "CrossSiteScripting_BODY",
            "GenericLFI_BODY",
            "GenericRFI_BODY",
            "EC2MetaDataSSRF_BODY",
            "NoUserAgent_HEADER",
            COMMON_BODY_SIZE_RULE);

    /**
     * Rules of {@code AWSManagedRulesKnownBadInputsRuleSet} that only count: base64 text in a QR code can match the
     * Java deserialization pattern (decision 0339). The {@code Log4JRCE_*} rules and the rest keep blocking (decisions
     * 0340 to 0343).
     */
    public static final List<String> KNOWN_BAD_INPUTS_COUNT_ONLY_RULES = List.of("JavaDeserializationRCE_BODY");

    /** Body inspection limit for API Gateway: 16 KB is included in the web ACL price. */
    public static final String BODY_INSPECTION_LIMIT = "KB_16";

    /** Bytes that {@link #BODY_INSPECTION_LIMIT} inspects. */
    public static final long BODY_INSPECTION_BYTES = 16 * 1024;

    private final CfnWebACL webAcl;

    public ApiFirewall(Construct scope, String id, ApiFirewallProps props) {
        super(scope, id);
        StageConfig stage = props.stage();
        Stage apiStage = props.apiStage();
        long maxMessageBytes = props.maxMessageBytes();
        String metricPrefix = "QrRouter-" + stage.stageName() + "-";

        webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .scope("REGIONAL")
                .description("QR Router " + stage.stageName() + " API")
                .defaultAction(DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility(metricPrefix + "WebAcl"))
                .associationConfig(AssociationConfigProperty.builder()
                        .requestBody(Map.of(
                                "API_GATEWAY",
                                RequestBodyAssociatedResourceTypeConfigProperty.builder()
                                        .defaultSizeInspectionLimit(BODY_INSPECTION_LIMIT)
                                        .build()))
                        .build())
                .customResponseBodies(new TreeMap<>(Map.of(
                        "TooLarge",
                        jsonBody("{\"message\":\"Request body too large: a QR message has at most " + maxMessageBytes
                                + " bytes\"}"),
                        "TooManyRequests",
                        jsonBody("{\"message\":\"Too many requests from this address: slow down and retry\"}"))))
                .rules(List.of(
                        managedGroup(IP_REPUTATION_RULE, "AWSManagedRulesAmazonIpReputationList", 0, List.of()),
                        RuleProperty.builder()
                                .name(RATE_LIMIT_RULE)
                                .priority(1)
                                .statement(StatementProperty.builder()
                                        .rateBasedStatement(RateBasedStatementProperty.builder()
                                                .limit(stage.wafRequestsPerIpPerFiveMinutes())
                                                .evaluationWindowSec(300)
                                                .aggregateKeyType("IP")
                                                .build())
                                        .build())
                                .action(block(429, "TooManyRequests"))
                                .visibilityConfig(visibility(RATE_LIMIT_RULE))
                                .build(),
                        RuleProperty.builder()
                                .name(BODY_SIZE_RULE)
                                .priority(2)
                                .statement(StatementProperty.builder()
                                        .sizeConstraintStatement(SizeConstraintStatementProperty.builder()
                                                .fieldToMatch(FieldToMatchProperty.builder()
                                                        .body(BodyProperty.builder()
                                                                .oversizeHandling("MATCH")
                                                                .build())
                                                        .build())
                                                .comparisonOperator("GT")
                                                .size(maxMessageBytes)
                                                .textTransformations(List.of(TextTransformationProperty.builder()
                                                        .priority(0)
                                                        .type("NONE")
                                                        .build()))
                                                .build())
                                        .build())
                                .action(block(413, "TooLarge"))
                                .visibilityConfig(visibility(BODY_SIZE_RULE))
                                .build(),
                        managedGroup(
                                KNOWN_BAD_INPUTS_RULE,
                                "AWSManagedRulesKnownBadInputsRuleSet",
                                3,
                                countOnly(KNOWN_BAD_INPUTS_COUNT_ONLY_RULES)),
                        managedGroup(
                                COMMON_RULE, "AWSManagedRulesCommonRuleSet", 4, countOnly(COMMON_COUNT_ONLY_RULES))))
                .build();

        CfnWebACLAssociation.Builder.create(this, "StageAssociation")
                .resourceArn(apiStage.getStageArn())
                .webAclArn(webAcl.getAttrArn())
                .build();

        // WAF requires the log group name to start with aws-waf-logs- and its ARN without the trailing ":*".
        String logGroupName = "aws-waf-logs-" + Stack.of(this).getStackName();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName(logGroupName)
                .retention(stage.logRetention())
                .removalPolicy(stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        CfnLoggingConfiguration logging = CfnLoggingConfiguration.Builder.create(this, "Logging")
                .resourceArn(webAcl.getAttrArn())
                .logDestinationConfigs(List.of(Stack.of(this)
                        .formatArn(ArnComponents.builder()
                                .service("logs")
                                .resource("log-group")
                                .resourceName(logGroupName)
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build())))
                // The bearer token must never reach the logs.
                .redactedFields(List.of(CfnLoggingConfiguration.FieldToMatchProperty.builder()
                        .singleHeader(Map.of("Name", "authorization"))
                        .build()))
                .build();
        logging.getNode().addDependency(logs);
    }

    private static RuleProperty managedGroup(
            String ruleName, String groupName, int priority, List<RuleActionOverrideProperty> overrides) {
        ManagedRuleGroupStatementProperty.Builder group =
                ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(groupName);
        if (!overrides.isEmpty()) {
            group.ruleActionOverrides(overrides);
        }
        return RuleProperty.builder()
                .name(ruleName)
                .priority(priority)
                .statement(StatementProperty.builder()
                        .managedRuleGroupStatement(group.build())
                        .build())
                .overrideAction(OverrideActionProperty.builder().none(Map.of()).build())
                .visibilityConfig(visibility(ruleName))
                .build();
    }

    /** Overrides that turn each named rule of a managed group into a count: it labels and is measured, never blocks. */
    private static List<RuleActionOverrideProperty> countOnly(List<String> ruleNames) {
        return ruleNames.stream()
                .map(name -> RuleActionOverrideProperty.builder()
                        .name(name)
                        .actionToUse(RuleActionProperty.builder()
                                .count(CountActionProperty.builder().build())
                                .build())
                        .build())
                .toList();
    }

    private static RuleActionProperty block(int status, String bodyKey) {
        return RuleActionProperty.builder()
                .block(BlockActionProperty.builder()
                        .customResponse(CustomResponseProperty.builder()
                                .responseCode(status)
                                .customResponseBodyKey(bodyKey)
                                .build())
                        .build())
                .build();
    }

    private static CustomResponseBodyProperty jsonBody(String content) {
        return CustomResponseBodyProperty.builder()
                .contentType("APPLICATION_JSON")
                .content(content)
                .build();
    }

    private static VisibilityConfigProperty visibility(String metricName) {
        return VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metricName)
                // Sampled requests would show the Authorization header; the WAF logs redact it instead.
                .sampledRequestsEnabled(false)
                .build();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
