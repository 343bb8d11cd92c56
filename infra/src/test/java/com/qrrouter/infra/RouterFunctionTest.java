package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.everyValue;
import static com.qrrouter.infra.SynthesizedStages.getAtt;
import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static com.qrrouter.infra.SynthesizedStages.jsonText;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static com.qrrouter.infra.SynthesizedStages.withProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.internal.RouterFunction;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterVariable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloud_assembly_schema.FileAsset;
import software.amazon.awscdk.cloud_assembly_schema.FileDestination;
import software.amazon.awscdk.cloud_assembly_schema.Manifest;

/** The router Lambda: runtime, code, settings, SQS event source and least-privilege IAM. */
class RouterFunctionTest {

    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String ROLE = "AWS::IAM::Role";
    private static final String POLICY = "AWS::IAM::Policy";
    private static final String ALIAS = "AWS::Lambda::Alias";
    private static final String EVENT_SOURCE = "AWS::Lambda::EventSourceMapping";

    private static Template template(String stage) {
        return SynthesizedStages.of(stage).template();
    }

    /** The logical id of the router: the one function with the router's handler. */
    private static String routerId(String stage) {
        return template(stage).getResourceId(FUNCTION, withProperties(Map.of("Handler", RouterFunction.HANDLER)));
    }

    /** The router function has properties like {@code properties}. */
    private static void assertRouter(String stage, Map<String, ?> properties) {
        Map<String, Object> router = new LinkedHashMap<>(properties);
        router.put("Handler", RouterFunction.HANDLER);
        template(stage).hasResourceProperties(FUNCTION, router);
    }

    /** The logical id of the router's role, which has no managed policy. */
    private static String roleId(String stage) {
        Capture roleId = new Capture();
        assertRouter(stage, Map.of("Role", getAtt(roleId, "Arn")));
        assertThat(idsOf(template(stage), ROLE, Map.of("ManagedPolicyArns", Match.absent())))
                .as("no managed policies on the router role")
                .contains(roleId.asString());
        return roleId.asString();
    }

    /** A pattern of the policies attached to the router's role whose statements are like {@code statements}. */
    private static Map<String, Object> rolePolicy(String stage, Object statements) {
        return Map.of(
                "Roles",
                Match.arrayWith(List.of(ref(roleId(stage)))),
                "PolicyDocument",
                Map.of("Statement", statements));
    }

    /** The statements of every policy attached to the router's role. */
    private static List<Map<?, ?>> roleStatements(String stage) {
        Capture statements = new Capture();
        template(stage).findResources(POLICY, withProperties(rolePolicy(stage, statements)));
        return everyValue(statements, Capture::asArray).stream()
                .flatMap(List::stream)
                .<Map<?, ?>>map(statement -> (Map<?, ?>) statement)
                .toList();
    }

    /** A statement's actions: CloudFormation takes one action as a string, several as a list. */
    private static List<String> actions(Map<?, ?> statement) {
        Object action = statement.get("Action");
        if (action instanceof List<?> list) {
            return list.stream().map(String.class::cast).toList();
        }
        return List.of((String) action);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void function_whenSynthesized_runsTheShadedJarOnJava21WithJustifiedSizing(String stage) {
        assertThat(RouterFunction.MEMORY_MB).isEqualTo(1024);
        Capture codeKey = new Capture();
        Capture logGroup = new Capture();
        assertRouter(
                stage,
                Map.of(
                        "Runtime", "java21",
                        "Architectures", List.of("arm64"),
                        "MemorySize", RouterFunction.MEMORY_MB,
                        "Timeout", PipelineSettings.FUNCTION_TIMEOUT.toSeconds(),
                        "TracingConfig", Map.of("Mode", "Active"),
                        "Code", Map.of("S3Key", codeKey),
                        "LoggingConfig", Map.of("LogGroup", ref(logGroup))));
        // The code is the stage's router asset: the shaded jar (or, before it is built, the unit-test stand-in).
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        Map<String, FileAsset> assets = Manifest.loadAssetManifest(synth.assemblyDir()
                        .resolve(synth.stack().getArtifactId() + ".assets.json")
                        .toString())
                .getFiles();
        List<String> routerAssetKeys = assets.values().stream()
                .filter(asset -> Objects.equals(asset.getDisplayName(), "Router/Function/Code"))
                .flatMap(asset -> asset.getDestinations().values().stream())
                .map(FileDestination::getObjectKey)
                .toList();
        assertThat(routerAssetKeys).containsExactly(codeKey.asString());
        assertThat(logGroup.asString()).isNotBlank();
    }

    /**
     * The Lambda's variables are exactly the router's catalogue ({@link RouterVariable}): a variable the router does not
     * read fails here, and so does a missing one (decision 0500). Lambda adds its own ({@code AWS_REGION}...) at run
     * time; they are not in the template.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void environment_whenSynthesized_setsExactlyTheVariablesOfTheRoutersCatalogue(String stage) {
        Capture variables = new Capture();
        assertRouter(stage, Map.of("Environment", Map.of("Variables", variables)));

        assertThat(variables.asObject().keySet()).containsExactlyInAnyOrderElementsOf(RouterVariable.names());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void environment_whenSynthesized_pointsAtTheStagesResourcesWithTheDefaultsAndTheStagesLogLevel(String stage) {
        assertRouter(
                stage,
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Map.ofEntries(
                                        Map.entry("ROUTES_TABLE_NAME", ref("RoutesTable")),
                                        Map.entry("IDEMPOTENCY_TABLE_NAME", ref("IdempotencyTable")),
                                        Map.entry("DEAD_LETTER_QUEUE_URL", ref("DeadLetterQueue")),
                                        Map.entry("SOURCE_QUEUE_URL", ref("MessageQueue")),
                                        Map.entry(
                                                "MAX_SCAN_AGE_SECONDS",
                                                Long.toString(StageConfig.forStage(stage)
                                                        .maxScanAge()
                                                        .toSeconds())),
                                        Map.entry("TOPIC_PREFIX", "qr-router/" + stage + "/"),
                                        Map.entry(
                                                "IOT_DATA_ENDPOINT",
                                                Map.of(
                                                        "Fn::Join",
                                                        List.of(
                                                                "",
                                                                List.of(
                                                                        "https://",
                                                                        getAtt(
                                                                                Match.stringLikeRegexp(
                                                                                        "^IotEndpointLookup"),
                                                                                "endpointAddress"))))),
                                        Map.entry("ROUTE_CACHE_TTL_SECONDS", "60"),
                                        Map.entry(
                                                "RECORD_CONCURRENCY",
                                                Integer.toString(PipelineSettings.RECORD_CONCURRENCY)),
                                        Map.entry("IDEMPOTENCY_WINDOW_SECONDS", "3600"),
                                        Map.entry("POWERTOOLS_SERVICE_NAME", PipelineSettings.SERVICE_NAME),
                                        Map.entry("POWERTOOLS_METRICS_NAMESPACE", PipelineSettings.METRICS_NAMESPACE),
                                        Map.entry(
                                                "POWERTOOLS_LOG_LEVEL",
                                                StageConfig.forStage(stage).functionLogLevel())))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void snapStart_whenSynthesized_appliesToThePublishedVersionBehindTheLiveAlias(String stage) {
        Template template = template(stage);
        String routerId = routerId(stage);
        assertRouter(stage, Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        String versionId =
                template.getResourceId("AWS::Lambda::Version", withProperties(Map.of("FunctionName", ref(routerId))));
        template.resourceCountIs(ALIAS, 1);
        template.hasResourceProperties(
                ALIAS,
                Map.of(
                        "Name", "live",
                        "FunctionName", ref(routerId),
                        "FunctionVersion", getAtt(versionId, "Version")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void iotEndpointLookup_whenSynthesized_describesTheAtsDataEndpoint(String stage) {
        Template template = template(stage);
        Object describeAtsEndpoint = Match.serializedJson(Match.objectLike(
                Map.of("action", "describeEndpoint", "parameters", Map.of("endpointType", "iot:Data-ATS"))));
        template.resourceCountIs("Custom::AWS", 1);
        template.hasResourceProperties(
                "Custom::AWS",
                Map.of("Create", describeAtsEndpoint, "Update", describeAtsEndpoint, "InstallLatestAwsSdk", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void eventSource_whenSynthesized_reportsBatchItemFailuresWithTheStageConcurrency(String stage) {
        Template template = template(stage);
        StageConfig config = StageConfig.forStage(stage);
        // The stage's window, which defaults to the shared setting (none: decision 0209).
        assertThat(config.batchingWindow()).isEqualTo(PipelineSettings.DEFAULT_BATCHING_WINDOW);
        Capture aliasArn = new Capture();
        template.resourceCountIs(EVENT_SOURCE, 1);
        template.hasResourceProperties(
                EVENT_SOURCE,
                Map.of(
                        "EventSourceArn",
                        getAtt("MessageQueue", "Arn"),
                        // The event source invokes the live alias, i.e. the published SnapStart version.
                        "FunctionName",
                        Map.of("Fn::Join", List.of("", List.of(aliasArn, ":" + RouterFunction.ALIAS_NAME))),
                        "BatchSize",
                        PipelineSettings.BATCH_SIZE,
                        "MaximumBatchingWindowInSeconds",
                        config.batchingWindow().toSeconds(),
                        "FunctionResponseTypes",
                        List.of("ReportBatchItemFailures"),
                        "ScalingConfig",
                        Map.of("MaximumConcurrency", config.maxConcurrency())));
        assertThat(jsonText(aliasArn.asObject())).contains(template.getResourceId(ALIAS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_mayPublishOnlyUnderTheStagePrefix(String stage) {
        String topics = ":topic/qr-router/" + stage + "/*";
        assertThat(topics).isEqualTo(":topic/" + StageConfig.forStage(stage).topicPrefix() + "*");
        List<Map<?, ?>> iot = roleStatements(stage).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("iot:")))
                .toList();
        assertThat(iot).hasSize(1);
        assertThat(actions(iot.get(0))).containsExactly("iot:Publish");
        template(stage)
                .hasResourceProperties(
                        POLICY,
                        rolePolicy(
                                stage,
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        "iot:Publish",
                                        "Resource",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(
                                                                "arn:",
                                                                ref("AWS::Partition"),
                                                                ":iot:",
                                                                ref("AWS::Region"),
                                                                ":",
                                                                ref("AWS::AccountId"),
                                                                topics)))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_readsRoutesWithGetItemOnly(String stage) {
        List<Map<?, ?>> routes = roleStatements(stage).stream()
                .filter(s -> jsonText(s.get("Resource")).contains("\"RoutesTable\""))
                .toList();
        assertThat(routes).hasSize(1);
        assertThat(actions(routes.get(0))).containsExactly("dynamodb:GetItem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_usesTheIdempotencyTableAsPowertoolsNeeds(String stage) {
        List<Map<?, ?>> idempotency = roleStatements(stage).stream()
                .filter(s -> jsonText(s.get("Resource")).contains("\"IdempotencyTable\""))
                .toList();
        assertThat(idempotency).hasSize(1);
        assertThat(actions(idempotency.get(0)))
                .containsExactlyInAnyOrder(
                        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_sendsToTheDeadLetterQueueAndConsumesOnlyTheQueue(String stage) {
        List<Map<?, ?>> statements = roleStatements(stage);
        Map<?, ?> dlq = statements.stream()
                .filter(s -> getAtt("DeadLetterQueue", "Arn").equals(s.get("Resource")))
                .findFirst()
                .orElseThrow();
        assertThat(actions(dlq)).contains("sqs:SendMessage").doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage");
        Map<?, ?> queue = statements.stream()
                .filter(s -> getAtt("MessageQueue", "Arn").equals(s.get("Resource")))
                .findFirst()
                .orElseThrow();
        assertThat(actions(queue))
                .contains("sqs:ReceiveMessage", "sqs:DeleteMessage")
                .doesNotContain("sqs:SendMessage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_changesMessageVisibilityOnTheSourceQueueOnly(String stage) {
        // The router delays a transiently failed record itself (a short, growing delay), on the queue it consumes;
        // the event source's grant gives it, on that queue and nowhere else.
        List<Map<?, ?>> visibility = roleStatements(stage).stream()
                .filter(s -> actions(s).contains("sqs:ChangeMessageVisibility"))
                .toList();
        assertThat(visibility)
                .singleElement()
                .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(getAtt("MessageQueue", "Arn")));
        assertThat(roleStatements(stage))
                .noneMatch(s -> actions(s).stream().anyMatch(action -> action.equals("sqs:*") || action.equals("*")));
    }

    @Test
    void environment_whenScanAgeOverridden_givesTheRouterTheStagesLimit() {
        StageConfig stag = StageOverrides.fromContext(
                        Map.of(StageOverrides.MAX_SCAN_AGE_SECONDS, "30"), List.of(QrRouterApp.STAGE_CONTEXT))
                .applyTo(StageConfig.forStage("stag"));
        SynthesizedStages.of(stag)
                .template()
                .hasResourceProperties(
                        FUNCTION,
                        Map.of(
                                "Handler",
                                RouterFunction.HANDLER,
                                "Environment",
                                Map.of("Variables", Map.of("MAX_SCAN_AGE_SECONDS", "30"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_hasNoWildcardActionAndWildcardResourcesOnlyForXRay(String stage) {
        for (Map<?, ?> statement : roleStatements(stage)) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            for (String action : actions(statement)) {
                assertThat(action).doesNotEndWith(":*").isNotEqualTo("*");
            }
            if ("*".equals(statement.get("Resource"))) {
                assertThat(actions(statement)).allMatch(a -> a.startsWith("xray:"));
            }
            if (actions(statement).stream().anyMatch(a -> a.startsWith("kms:"))) {
                assertThat(statement.get("Resource")).isEqualTo(getAtt("DataKey", "Arn"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void roles_whenSynthesized_useNoAwsManagedPolicyButTheApiGatewayAccountRole(String stage) {
        Template template = template(stage);
        var withManagedPolicies = idsOf(template, ROLE, Map.of("ManagedPolicyArns", Match.anyValue()));
        assertThat(withManagedPolicies).singleElement().asString().startsWith("MessageApiCloudWatchRole");
        assertThat(idsOf(
                        template,
                        ROLE,
                        Map.of(
                                "ManagedPolicyArns",
                                Match.exact(List.of(Map.of(
                                        "Fn::Join",
                                        List.of(
                                                "",
                                                List.of(
                                                        "arn:",
                                                        ref("AWS::Partition"),
                                                        ":iam::aws:policy/service-role/"
                                                                + "AmazonAPIGatewayPushToCloudWatchLogs"))))))))
                .isEqualTo(withManagedPolicies);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void everyPolicy_whenSynthesized_grantsNoServiceWideWildcard(String stage) {
        Object serviceWide = Match.stringLikeRegexp("^(\\*|iot:\\*|sqs:\\*|dynamodb:\\*)$");
        // One action is a string, several a list: neither form may name a service-wide wildcard.
        for (Object action : List.of(serviceWide, Match.arrayWith(List.of(serviceWide)))) {
            template(stage)
                    .allResourcesProperties(
                            POLICY,
                            Map.of(
                                    "PolicyDocument",
                                    Map.of(
                                            "Statement",
                                            Match.not(Match.arrayWith(
                                                    List.of(Match.objectLike(Map.of("Action", action))))))));
        }
    }
}
