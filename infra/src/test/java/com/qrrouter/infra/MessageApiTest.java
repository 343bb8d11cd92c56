package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.infra.internal.MessageApi;
import com.qrrouter.infra.internal.SqsIntegrationTemplates;
import com.qrrouter.schema.QrMessageSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST API: route, authorizer and scope, request model, SQS integration, gateway responses, stage settings. */
class MessageApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode method(String stage) {
        return SynthesizedStages.of(stage).single("AWS::ApiGateway::Method").path("Properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void method_whenSynthesized_isPostOnPostMessageToSqsWithTheCognitoScope(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        JsonNode method = method(stage);
        assertThat(method.path("HttpMethod").asText()).isEqualTo("POST");
        assertThat(synth.single("AWS::ApiGateway::Resource")
                        .at("/Properties/PathPart")
                        .asText())
                .isEqualTo("postmessagetosqs");
        assertThat(method.path("AuthorizationType").asText()).isEqualTo("COGNITO_USER_POOLS");
        assertThat(method.path("AuthorizationScopes").toString()).isEqualTo("[\"qr-router/sendqrcode\"]");

        JsonNode authorizer = synth.single("AWS::ApiGateway::Authorizer").path("Properties");
        assertThat(authorizer.path("Type").asText()).isEqualTo("COGNITO_USER_POOLS");
        assertThat(authorizer.path("IdentitySource").asText()).isEqualTo("method.request.header.Authorization");
        assertThat(authorizer.at("/ProviderARNs/0/Fn::GetAtt/0").asText()).isEqualTo("MachineClientPool");
        assertThat(method.at("/AuthorizerId/Ref").asText())
                .isEqualTo(synth.ofType("AWS::ApiGateway::Authorizer")
                        .keySet()
                        .iterator()
                        .next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void requestModel_whenSynthesized_isTheDraft04ModelGeneratedFromTheSchema(String stage) throws Exception {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        String modelId =
                method(stage).at("/RequestModels/application~1json/Ref").asText();
        JsonNode model = synth.json().at("/Resources/" + modelId + "/Properties");
        assertThat(model.path("Name").asText()).isEqualTo(MessageApi.REQUEST_MODEL_NAME);
        assertThat(model.path("ContentType").asText()).isEqualTo("application/json");
        assertThat(model.path("Schema"))
                .isEqualTo(JSON.readTree(QrMessageSchema.v1().apiGatewayModelJson()));
        assertThat(model.at("/Schema/$schema").asText()).isEqualTo("http://json-schema.org/draft-04/schema#");
        assertThat(model.at("/Schema/additionalProperties").asBoolean(true)).isFalse();

        JsonNode validator = synth.json()
                .at("/Resources/" + method(stage).at("/RequestValidatorId/Ref").asText() + "/Properties");
        assertThat(validator.path("ValidateRequestBody").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void integration_whenSynthesized_sendsTheUrlEncodedBodyToTheQueue(String stage) {
        JsonNode integration = method(stage).path("Integration");
        assertThat(integration.path("Type").asText()).isEqualTo("AWS");
        assertThat(integration.path("IntegrationHttpMethod").asText()).isEqualTo("POST");
        assertThat(integration.path("Uri").toString()).contains(":sqs:path/").contains("MessageQueue");
        assertThat(integration.path("PassthroughBehavior").asText()).isEqualTo("NEVER");
        assertThat(integration
                        .at("/RequestParameters/integration.request.header.Content-Type")
                        .asText())
                .isEqualTo("'application/x-www-form-urlencoded'");
        assertThat(integration
                        .at("/RequestParameters/integration.request.header.Accept")
                        .asText())
                .as("SQS answers the query protocol in JSON only when asked; the 200 template passes JSON on")
                .isEqualTo("'application/json'");
        assertThat(integration.at("/RequestTemplates/application~1json").asText())
                .isEqualTo(SqsIntegrationTemplates.SEND_MESSAGE_REQUEST)
                .contains("MessageBody=$util.urlEncode($input.body)");
        assertThat(integration.path("RequestTemplates")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void integrationRole_whenSynthesized_mayOnlySendToTheQueue(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        String roleId =
                method(stage).at("/Integration/Credentials/Fn::GetAtt/0").asText();
        assertThat(synth.json()
                        .at("/Resources/" + roleId + "/Properties/AssumeRolePolicyDocument")
                        .toString())
                .contains("apigateway.amazonaws.com");
        List<JsonNode> statements = new ArrayList<>();
        synth.ofType("AWS::IAM::Policy").values().stream()
                .filter(p -> p.at("/Properties/Roles/0/Ref").asText().equals(roleId))
                .forEach(p -> p.at("/Properties/PolicyDocument/Statement").forEach(statements::add));
        assertThat(statements).hasSize(2);
        JsonNode sqs = statements.stream()
                .filter(s -> s.path("Action").toString().contains("sqs:"))
                .findFirst()
                .orElseThrow();
        assertThat(sqs.path("Action").toString()).contains("sqs:SendMessage").doesNotContain("sqs:*");
        assertThat(sqs.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("MessageQueue");
        JsonNode kms = statements.stream()
                .filter(s -> s.path("Action").toString().contains("kms:"))
                .findFirst()
                .orElseThrow();
        assertThat(kms.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("DataKey");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void integrationResponses_whenSynthesized_mapSuccessAndHideSqsErrors(String stage) {
        Map<String, JsonNode> byStatus = new HashMap<>();
        method(stage)
                .at("/Integration/IntegrationResponses")
                .forEach(r -> byStatus.put(r.path("StatusCode").asText(), r));
        assertThat(byStatus).containsOnlyKeys("200", "400", "500", "503");
        assertThat(byStatus.get("200").path("SelectionPattern").isMissingNode()).isTrue();
        assertThat(byStatus.get("200")
                        .at("/ResponseTemplates/application~1json")
                        .asText())
                .isEqualTo(SqsIntegrationTemplates.SEND_MESSAGE_RESULT);
        assertThat(byStatus.get("400").path("SelectionPattern").asText()).isEqualTo("400");
        assertThat(byStatus.get("400")
                        .at("/ResponseTemplates/application~1json")
                        .asText())
                .isEqualTo(SqsIntegrationTemplates.SQS_CLIENT_ERROR);
        assertThat(byStatus.get("500").path("SelectionPattern").asText()).isEqualTo("4(0[1-9]|[1-9]\\d)");
        // Every SQS status selects exactly one answer (API Gateway's patterns match the whole status code).
        for (int status = 400; status < 600; status++) {
            String code = Integer.toString(status);
            assertThat(byStatus.values().stream()
                            .map(r -> r.path("SelectionPattern").asText(null))
                            .filter(p -> p != null && code.matches(p))
                            .count())
                    .as("patterns matching SQS status " + code)
                    .isEqualTo(1);
        }
        assertThat(byStatus.get("500")
                        .at("/ResponseTemplates/application~1json")
                        .asText())
                .isEqualTo(SqsIntegrationTemplates.INTERNAL_ERROR)
                .doesNotContain("$input");
        assertThat(byStatus.get("503").path("SelectionPattern").asText()).isEqualTo("5\\d{2}");
        assertThat(byStatus.get("503")
                        .at("/ResponseTemplates/application~1json")
                        .asText())
                .doesNotContain("$input");
        List<String> methodStatuses = new ArrayList<>();
        method(stage)
                .path("MethodResponses")
                .forEach(r -> methodStatuses.add(r.path("StatusCode").asText()));
        assertThat(methodStatuses).containsExactlyInAnyOrder("200", "400", "500", "503");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void gatewayResponses_whenSynthesized_answerJsonWithStatusAndRequestId(String stage) throws Exception {
        Map<String, String> expectedStatus = Map.ofEntries(
                Map.entry("BAD_REQUEST_BODY", "400"),
                Map.entry("BAD_REQUEST_PARAMETERS", "400"),
                Map.entry("UNAUTHORIZED", "401"),
                Map.entry("EXPIRED_TOKEN", "401"),
                Map.entry("ACCESS_DENIED", "403"),
                Map.entry("INVALID_SIGNATURE", "403"),
                Map.entry("MISSING_AUTHENTICATION_TOKEN", "403"),
                Map.entry("WAF_FILTERED", "403"),
                Map.entry("REQUEST_TOO_LARGE", "413"),
                Map.entry("UNSUPPORTED_MEDIA_TYPE", "415"),
                Map.entry("THROTTLED", "429"),
                Map.entry("QUOTA_EXCEEDED", "429"),
                Map.entry("DEFAULT_4XX", ""),
                Map.entry("DEFAULT_5XX", ""));
        Map<String, JsonNode> responses = new HashMap<>();
        SynthesizedStages.of(stage)
                .ofType("AWS::ApiGateway::GatewayResponse")
                .values()
                .forEach(r -> responses.put(r.at("/Properties/ResponseType").asText(), r.path("Properties")));
        assertThat(responses).containsOnlyKeys(expectedStatus.keySet());

        for (Map.Entry<String, JsonNode> response : responses.entrySet()) {
            String type = response.getKey();
            assertThat(response.getValue().path("StatusCode").asText()).as(type).isEqualTo(expectedStatus.get(type));
            String template = response.getValue()
                    .at("/ResponseTemplates/application~1json")
                    .asText();
            // Gateway response templates only substitute variables; messageString arrives quoted.
            String rendered = template.replace("$context.error.messageString", "\"Unauthorized\"")
                    .replace(
                            "$context.error.validationErrorString",
                            "[object has missing required properties ([\\\"QRCode\\\"])]")
                    .replace("$context.requestId", "req-1");
            JsonNode body = JSON.readTree(rendered);
            assertThat(body.path("message").asText()).as(type).isNotBlank();
            assertThat(body.path("requestId").asText()).as(type).isEqualTo("req-1");
        }
        assertThat(responses.get("BAD_REQUEST_BODY").toString()).contains("$context.error.validationErrorString");
        assertThat(responses.get("REQUEST_TOO_LARGE").toString())
                .contains(Long.toString(QrMessageSchema.MAX_MESSAGE_BYTES));
    }

    @Test
    void stage_whenSynthesized_isNamedAfterTheStageWithItsThrottling() {
        for (String name : StageConfig.STAGES) {
            StageConfig config = StageConfig.forStage(name);
            JsonNode stage =
                    SynthesizedStages.of(name).single("AWS::ApiGateway::Stage").path("Properties");
            assertThat(stage.path("StageName").asText()).isEqualTo(name);
            JsonNode settings = stage.at("/MethodSettings/0");
            assertThat(settings.path("HttpMethod").asText()).isEqualTo("*");
            assertThat(settings.path("ResourcePath").asText()).isEqualTo("/*");
            assertThat(settings.path("ThrottlingRateLimit").asDouble()).isEqualTo(config.apiRateLimit());
            assertThat(settings.path("ThrottlingBurstLimit").asInt()).isEqualTo(config.apiBurstLimit());
            assertThat(settings.path("LoggingLevel").asText())
                    .isEqualTo(config.apiExecutionLogLevel().name());
            assertThat(settings.path("MetricsEnabled").asBoolean()).isTrue();
            // Request and response bodies carry QR codes: never logged.
            assertThat(settings.path("DataTraceEnabled").asBoolean(true)).isFalse();
            assertThat(stage.path("TracingEnabled").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void accessLogs_whenSynthesized_areJsonLinesWithoutBodyOrValidationText(String stage) throws Exception {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        JsonNode accessLog = synth.single("AWS::ApiGateway::Stage").at("/Properties/AccessLogSetting");
        String format = accessLog.path("Format").asText();
        assertThat(format).isEqualTo(MessageApi.ACCESS_LOG_FORMAT);
        JsonNode line = JSON.readTree(format.replaceAll("\\$context\\.[A-Za-z.]+", "x"));
        assertThat(line.has("requestId")).isTrue();
        assertThat(line.has("status")).isTrue();
        assertThat(line.has("clientId")).isTrue();
        assertThat(format).doesNotContain("$input").doesNotContain("validationErrorString");
        String logGroup = accessLog.at("/DestinationArn/Fn::GetAtt/0").asText();
        assertThat(synth.json()
                        .at("/Resources/" + logGroup + "/Properties/RetentionInDays")
                        .asInt())
                .isEqualTo(SynthesizedStages.logRetentionDays(stage));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void executionLogs_whenSynthesized_goToAGroupWithRetentionCreatedBeforeTheStage(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        String executionLogs = synth.ofType("AWS::Logs::LogGroup").entrySet().stream()
                .filter(e ->
                        e.getValue().at("/Properties/LogGroupName").toString().contains("API-Gateway-Execution-Logs_"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        JsonNode group = synth.json().at("/Resources/" + executionLogs + "/Properties");
        assertThat(group.at("/LogGroupName/Fn::Join/1/2").asText()).isEqualTo("/" + stage);
        assertThat(group.path("RetentionInDays").asInt()).isEqualTo(SynthesizedStages.logRetentionDays(stage));
        assertThat(synth.single("AWS::ApiGateway::Stage").path("DependsOn").toString())
                .contains(executionLogs);
    }
}
