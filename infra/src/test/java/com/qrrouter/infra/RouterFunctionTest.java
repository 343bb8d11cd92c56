package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qrrouter.infra.internal.RouterFunction;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The router Lambda: runtime, code, settings, SQS event source and least-privilege IAM. */
class RouterFunctionTest {

    private static Map.Entry<String, JsonNode> router(String stage) {
        return SynthesizedStages.of(stage).ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(f -> f.getValue().at("/Properties/Handler").asText().equals(RouterFunction.HANDLER))
                .findFirst()
                .orElseThrow();
    }

    private static List<JsonNode> roleStatements(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        String roleId =
                router(stage).getValue().at("/Properties/Role/Fn::GetAtt/0").asText();
        List<JsonNode> statements = new ArrayList<>();
        synth.ofType("AWS::IAM::Policy").values().stream()
                .filter(p -> p.at("/Properties/Roles").toString().contains("\"" + roleId + "\""))
                .forEach(p -> p.at("/Properties/PolicyDocument/Statement").forEach(statements::add));
        assertThat(synth.json()
                        .at("/Resources/" + roleId + "/Properties/ManagedPolicyArns")
                        .isMissingNode())
                .as("no managed policies on the router role")
                .isTrue();
        return statements;
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void function_whenSynthesized_runsTheShadedJarOnJava21WithJustifiedSizing(String stage) throws Exception {
        JsonNode props = router(stage).getValue().path("Properties");
        assertThat(props.path("Runtime").asText()).isEqualTo("java21");
        assertThat(props.path("Architectures").toString()).isEqualTo("[\"arm64\"]");
        assertThat(props.path("MemorySize").asInt())
                .isEqualTo(RouterFunction.MEMORY_MB)
                .isEqualTo(1024);
        assertThat(props.path("Timeout").asInt()).isEqualTo((int) PipelineSettings.FUNCTION_TIMEOUT.toSeconds());
        assertThat(props.at("/TracingConfig/Mode").asText()).isEqualTo("Active");
        // The code is the stage's router asset: the shaded jar (or, before it is built, the unit-test stand-in).
        JsonNode assets = SynthesizedStages.JSON.readTree(SynthesizedStages.of(stage)
                .assemblyDir()
                .resolve(SynthesizedStages.of(stage).stack().getArtifactId() + ".assets.json")
                .toFile());
        List<String> routerAssetKeys = new ArrayList<>();
        assets.path("files").forEach(asset -> {
            if (asset.path("displayName").asText().equals("Router/Function/Code")) {
                asset.path("destinations")
                        .forEach(d -> routerAssetKeys.add(d.path("objectKey").asText()));
            }
        });
        assertThat(routerAssetKeys).containsExactly(props.at("/Code/S3Key").asText());
        assertThat(props.at("/LoggingConfig/LogGroup/Ref").asText()).isNotBlank();
    }

    /**
     * The Lambda's variables are exactly the router's catalogue ({@link RouterVariable}): a variable the router does not
     * read fails here, and so does a missing one (decision 0500). Lambda adds its own ({@code AWS_REGION}...) at run
     * time; they are not in the template.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void environment_whenSynthesized_setsExactlyTheVariablesOfTheRoutersCatalogue(String stage) {
        JsonNode variables = router(stage).getValue().at("/Properties/Environment/Variables");
        List<String> names = new ArrayList<>();
        variables.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrderElementsOf(RouterVariable.names());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void environment_whenSynthesized_pointsAtTheStagesResourcesWithTheDefaultsAndTheStagesLogLevel(String stage) {
        JsonNode variables = router(stage).getValue().at("/Properties/Environment/Variables");
        assertThat(variables.at("/ROUTES_TABLE_NAME/Ref").asText()).isEqualTo("RoutesTable");
        assertThat(variables.at("/IDEMPOTENCY_TABLE_NAME/Ref").asText()).isEqualTo("IdempotencyTable");
        assertThat(variables.at("/DEAD_LETTER_QUEUE_URL/Ref").asText()).isEqualTo("DeadLetterQueue");
        assertThat(variables.path("TOPIC_PREFIX").asText()).isEqualTo("qr-router/" + stage + "/");
        JsonNode endpoint = variables.at("/IOT_DATA_ENDPOINT/Fn::Join/1");
        assertThat(endpoint.get(0).asText()).isEqualTo("https://");
        assertThat(endpoint.get(1).at("/Fn::GetAtt/0").asText()).startsWith("IotEndpointLookup");
        assertThat(endpoint.get(1).at("/Fn::GetAtt/1").asText()).isEqualTo("endpointAddress");
        assertThat(variables.path("ROUTE_CACHE_TTL_SECONDS").asText()).isEqualTo("60");
        assertThat(variables.path("RECORD_CONCURRENCY").asText())
                .isEqualTo(Integer.toString(PipelineSettings.RECORD_CONCURRENCY));
        assertThat(variables.path("IDEMPOTENCY_WINDOW_SECONDS").asText()).isEqualTo("3600");
        assertThat(variables.path("POWERTOOLS_SERVICE_NAME").asText()).isEqualTo(PipelineSettings.SERVICE_NAME);
        assertThat(variables.path("POWERTOOLS_METRICS_NAMESPACE").asText())
                .isEqualTo(PipelineSettings.METRICS_NAMESPACE);
        assertThat(variables.path("POWERTOOLS_LOG_LEVEL").asText())
                .isEqualTo(StageConfig.forStage(stage).functionLogLevel());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void snapStart_whenSynthesized_appliesToThePublishedVersionBehindTheLiveAlias(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        Map.Entry<String, JsonNode> router = router(stage);
        assertThat(router.getValue().at("/Properties/SnapStart/ApplyOn").asText())
                .isEqualTo("PublishedVersions");
        Map.Entry<String, JsonNode> version = synth.ofType("AWS::Lambda::Version").entrySet().stream()
                .filter(v ->
                        v.getValue().at("/Properties/FunctionName/Ref").asText().equals(router.getKey()))
                .findFirst()
                .orElseThrow();
        JsonNode alias = synth.single("AWS::Lambda::Alias").path("Properties");
        assertThat(alias.path("Name").asText()).isEqualTo("live");
        assertThat(alias.at("/FunctionName/Ref").asText()).isEqualTo(router.getKey());
        assertThat(alias.at("/FunctionVersion/Fn::GetAtt/0").asText()).isEqualTo(version.getKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void iotEndpointLookup_whenSynthesized_describesTheAtsDataEndpoint(String stage) {
        JsonNode lookup = SynthesizedStages.of(stage).single("Custom::AWS").path("Properties");
        for (String phase : List.of("Create", "Update")) {
            String call = lookup.path(phase).toString();
            assertThat(call).contains("describeEndpoint").contains("iot:Data-ATS");
        }
        assertThat(lookup.path("InstallLatestAwsSdk").asText()).isEqualTo("false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void eventSource_whenSynthesized_reportsBatchItemFailuresWithTheStageConcurrency(String stage) {
        JsonNode mapping = SynthesizedStages.of(stage)
                .single("AWS::Lambda::EventSourceMapping")
                .path("Properties");
        assertThat(mapping.at("/EventSourceArn/Fn::GetAtt/0").asText()).isEqualTo("MessageQueue");
        // The event source invokes the live alias, i.e. the published SnapStart version.
        JsonNode target = mapping.at("/FunctionName/Fn::Join/1");
        assertThat(target.get(1).asText()).isEqualTo(":" + RouterFunction.ALIAS_NAME);
        assertThat(target.toString())
                .contains(SynthesizedStages.of(stage)
                        .ofType("AWS::Lambda::Alias")
                        .keySet()
                        .iterator()
                        .next());
        assertThat(mapping.path("BatchSize").asInt()).isEqualTo(PipelineSettings.BATCH_SIZE);
        // The stage's window, which defaults to the shared setting (none: decision 0209).
        assertThat(mapping.has("MaximumBatchingWindowInSeconds")).isTrue();
        assertThat(mapping.path("MaximumBatchingWindowInSeconds").asInt())
                .isEqualTo((int) StageConfig.forStage(stage).batchingWindow().toSeconds())
                .isEqualTo((int) PipelineSettings.DEFAULT_BATCHING_WINDOW.toSeconds());
        assertThat(mapping.path("FunctionResponseTypes").toString()).isEqualTo("[\"ReportBatchItemFailures\"]");
        assertThat(mapping.at("/ScalingConfig/MaximumConcurrency").asInt())
                .isEqualTo(StageConfig.forStage(stage).maxConcurrency());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_mayPublishOnlyUnderTheStagePrefix(String stage) {
        List<JsonNode> iot = roleStatements(stage).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("iot:")))
                .toList();
        assertThat(iot).hasSize(1);
        assertThat(actions(iot.get(0))).containsExactly("iot:Publish");
        JsonNode arn = iot.get(0).at("/Resource/Fn::Join/1");
        assertThat(arn.get(arn.size() - 1).asText())
                .isEqualTo(":topic/qr-router/" + stage + "/*")
                .isEqualTo(":topic/" + StageConfig.forStage(stage).topicPrefix() + "*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_readsRoutesWithGetItemOnly(String stage) {
        List<JsonNode> routes = roleStatements(stage).stream()
                .filter(s -> s.path("Resource").toString().contains("\"RoutesTable\""))
                .toList();
        assertThat(routes).hasSize(1);
        assertThat(actions(routes.get(0))).containsExactly("dynamodb:GetItem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_usesTheIdempotencyTableAsPowertoolsNeeds(String stage) {
        List<JsonNode> idempotency = roleStatements(stage).stream()
                .filter(s -> s.path("Resource").toString().contains("\"IdempotencyTable\""))
                .toList();
        assertThat(idempotency).hasSize(1);
        assertThat(actions(idempotency.get(0)))
                .containsExactlyInAnyOrder(
                        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_sendsToTheDeadLetterQueueAndConsumesOnlyTheQueue(String stage) {
        List<JsonNode> statements = roleStatements(stage);
        JsonNode dlq = statements.stream()
                .filter(s -> s.at("/Resource/Fn::GetAtt/0").asText().equals("DeadLetterQueue"))
                .findFirst()
                .orElseThrow();
        assertThat(actions(dlq)).contains("sqs:SendMessage").doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage");
        JsonNode queue = statements.stream()
                .filter(s -> s.at("/Resource/Fn::GetAtt/0").asText().equals("MessageQueue"))
                .findFirst()
                .orElseThrow();
        assertThat(actions(queue))
                .contains("sqs:ReceiveMessage", "sqs:DeleteMessage")
                .doesNotContain("sqs:SendMessage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void role_whenSynthesized_hasNoWildcardActionAndWildcardResourcesOnlyForXRay(String stage) {
        for (JsonNode statement : roleStatements(stage)) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            for (String action : actions(statement)) {
                assertThat(action).doesNotEndWith(":*").isNotEqualTo("*");
            }
            if (statement.path("Resource").asText().equals("*")) {
                assertThat(actions(statement)).allMatch(a -> a.startsWith("xray:"));
            }
            if (actions(statement).stream().anyMatch(a -> a.startsWith("kms:"))) {
                assertThat(statement.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("DataKey");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void roles_whenSynthesized_useNoAwsManagedPolicyButTheApiGatewayAccountRole(String stage) {
        List<String> withManagedPolicies = new ArrayList<>();
        SynthesizedStages.of(stage).ofType("AWS::IAM::Role").forEach((id, role) -> {
            if (!role.at("/Properties/ManagedPolicyArns").isMissingNode()) {
                withManagedPolicies.add(id);
                assertThat(role.at("/Properties/ManagedPolicyArns").toString())
                        .isEqualTo("[{\"Fn::Join\":[\"\",[\"arn:\",{\"Ref\":\"AWS::Partition\"},"
                                + "\":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs\"]]}]");
            }
        });
        assertThat(withManagedPolicies).singleElement().asString().startsWith("MessageApiCloudWatchRole");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void everyPolicy_whenSynthesized_grantsNoServiceWideWildcard(String stage) {
        SynthesizedStages.of(stage)
                .ofType("AWS::IAM::Policy")
                .forEach((id, policy) -> policy.at("/Properties/PolicyDocument/Statement")
                        .forEach(statement -> assertThat(actions(statement))
                                .as(id)
                                .noneMatch(a -> a.equals("*")
                                        || a.equals("iot:*")
                                        || a.equals("sqs:*")
                                        || a.equals("dynamodb:*"))));
    }
}
