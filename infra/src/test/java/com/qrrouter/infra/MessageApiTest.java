package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.getAtt;
import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static com.qrrouter.infra.SynthesizedStages.jsonText;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.infra.internal.MessageApi;
import com.qrrouter.infra.internal.SqsIntegrationTemplates;
import com.qrrouter.schema.QrMessageSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The REST API: route, authorizer and scope, request model, SQS integration, gateway responses, stage settings. */
class MessageApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METHOD = "AWS::ApiGateway::Method";
    private static final String STAGE = "AWS::ApiGateway::Stage";
    private static final String AUTHORIZER = "AWS::ApiGateway::Authorizer";
    private static final String LOG_GROUP = "AWS::Logs::LogGroup";
    private static final String GATEWAY_RESPONSE = "AWS::ApiGateway::GatewayResponse";

    private static Template template(String stage) {
        return SynthesizedStages.of(stage).template();
    }

    /** The one method of the API has properties like {@code properties}. */
    private static void assertMethod(String stage, Map<String, ?> properties) {
        template(stage).resourceCountIs(METHOD, 1);
        template(stage).hasResourceProperties(METHOD, properties);
    }

    /** The logical id that the method's property {@code name} refers to with {@code {"Ref": id}}. */
    private static String methodRef(String stage, String name) {
        Capture id = new Capture();
        assertMethod(stage, Map.of(name, ref(id)));
        return id.asString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void method_whenSynthesized_isPostOnPostMessageToSqsWithTheCognitoScope(String stage) {
        Template template = template(stage);
        Capture authorizerId = new Capture();
        assertMethod(
                stage,
                Map.of(
                        "HttpMethod",
                        "POST",
                        "AuthorizationType",
                        "COGNITO_USER_POOLS",
                        "AuthorizationScopes",
                        List.of("qr-router/sendqrcode"),
                        "AuthorizerId",
                        ref(authorizerId)));
        template.resourceCountIs("AWS::ApiGateway::Resource", 1);
        template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "postmessagetosqs"));

        template.resourceCountIs(AUTHORIZER, 1);
        assertThat(idsOf(
                        template,
                        AUTHORIZER,
                        Map.of(
                                "Type", "COGNITO_USER_POOLS",
                                "IdentitySource", "method.request.header.Authorization",
                                "ProviderARNs", List.of(getAtt("MachineClientPool", "Arn")))))
                .containsExactly(authorizerId.asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void requestModel_whenSynthesized_isTheDraft04ModelGeneratedFromTheSchema(String stage) throws Exception {
        Template template = template(stage);
        Map<String, Object> schema = JSON.readValue(
                QrMessageSchema.v1().apiGatewayModelJson(), new TypeReference<LinkedHashMap<String, Object>>() {});
        Capture modelId = new Capture();
        assertMethod(stage, Map.of("RequestModels", Map.of("application/json", ref(modelId))));
        assertThat(idsOf(
                        template,
                        "AWS::ApiGateway::Model",
                        Map.of(
                                "Name",
                                MessageApi.REQUEST_MODEL_NAME,
                                "ContentType",
                                "application/json",
                                "Schema",
                                Match.objectEquals(schema))))
                .containsExactly(modelId.asString());
        assertThat(idsOf(
                        template,
                        "AWS::ApiGateway::Model",
                        Map.of(
                                "Schema",
                                Map.of(
                                        "$schema",
                                        "http://json-schema.org/draft-04/schema#",
                                        "additionalProperties",
                                        false))))
                .containsExactly(modelId.asString());

        assertThat(idsOf(template, "AWS::ApiGateway::RequestValidator", Map.of("ValidateRequestBody", true)))
                .containsExactly(methodRef(stage, "RequestValidatorId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void integration_whenSynthesized_sendsTheUrlEncodedBodyToTheQueue(String stage) {
        Capture uri = new Capture();
        assertMethod(
                stage,
                Map.of(
                        "Integration",
                        Map.of(
                                "Type",
                                "AWS",
                                "IntegrationHttpMethod",
                                "POST",
                                "Uri",
                                uri,
                                "PassthroughBehavior",
                                "NEVER",
                                "RequestParameters",
                                Map.of(
                                        "integration.request.header.Content-Type",
                                        "'application/x-www-form-urlencoded'",
                                        // SQS answers the query protocol in JSON only when asked; the 200
                                        // template passes JSON on.
                                        "integration.request.header.Accept",
                                        "'application/json'"),
                                "RequestTemplates",
                                Match.objectEquals(Map.of("application/json", Match.anyValue())))));
        assertThat(jsonText(uri.asObject())).contains(":sqs:path/").contains("MessageQueue");
        assertThat(requestTemplateText(stage)).contains("Action=SendMessage&MessageBody=$util.urlEncode($input.body)&");
    }

    /** The request template's {@code Fn::Join} parts: text, and a {@code Ref} where a client id goes. */
    private static List<Object> requestTemplateParts(String stage) {
        Capture template = new Capture();
        assertMethod(stage, Map.of("Integration", Map.of("RequestTemplates", Map.of("application/json", template))));
        Map<?, ?> join = (Map<?, ?>) template.asObject();
        List<?> joinArguments = (List<?>) join.get("Fn::Join");
        assertThat(joinArguments.get(0)).isEqualTo("");
        return List.copyOf((List<?>) joinArguments.get(1));
    }

    /** The request template with each client {@code Ref} written as {@code <Ref logical id>}. */
    private static String requestTemplateText(String stage) {
        StringBuilder text = new StringBuilder();
        for (Object part : requestTemplateParts(stage)) {
            text.append(part instanceof String string ? string : "<" + ((Map<?, ?>) part).get("Ref") + ">");
        }
        return text.toString();
    }

    /** The logical id of the API's deployment when the prod stack declares {@code teams}. */
    private static String deploymentId(String teams) {
        QrRouterStack stack = QrRouterStack.builder(StageConfig.forStage("prod"))
                .routerJar(SynthesizedStages.routerJar())
                .teams(StageTeams.parse(teams, "test"))
                .build(new software.amazon.awscdk.App());
        return Template.fromStack(stack).getResourceId("AWS::ApiGateway::Deployment");
    }

    @Test
    void deployment_whenATeamOrGenerationIsAddedOrRevoked_isNewSoTheStageServesTheNewMapping() {
        String one = "{\"teams\":[{\"name\":\"demo-team\",\"generations\":[\"1\"]}]}";
        String rotating = "{\"teams\":[{\"name\":\"demo-team\",\"generations\":[\"1\",\"2\"]}]}";
        String rotated = "{\"teams\":[{\"name\":\"demo-team\",\"generations\":[\"2\"]}]}";

        // API Gateway serves a deployment's snapshot of the template: a changed mapping needs a new deployment.
        assertThat(Set.of(deploymentId(one), deploymentId(rotating), deploymentId(rotated)))
                .hasSize(3);
        assertThat(deploymentId(one))
                .as("the same declaration, the same deployment")
                .isEqualTo(deploymentId(one));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void requestTemplate_whenSynthesized_mapsEachTeamClientRefToItsTeamAndNothingElse(String stage) {
        Template template = template(stage);
        // Client logical id -> its team, from the client name <team>.<generation>.
        Map<String, String> teamOfClient = new java.util.TreeMap<>();
        template.findResources("AWS::Cognito::UserPoolClient").forEach((id, resource) -> {
            String name = (String) ((Map<?, ?>) ((Map<?, ?>) resource).get("Properties")).get("ClientName");
            teamOfClient.put(id, name.substring(0, name.indexOf('.')));
        });
        assertThat(teamOfClient).isNotEmpty();

        Map<String, String> mapped = new java.util.TreeMap<>();
        List<Object> parts = requestTemplateParts(stage);
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Map<?, ?> ref) {
                assertThat(ref.keySet().stream().map(String::valueOf).toList())
                        .as("only client ids are references")
                        .containsExactly("Ref");
                assertThat((String) parts.get(i - 1)).endsWith("$callerClient == '");
                Matcher team = Pattern.compile("^'\\)#set\\(\\$callerTeam = '([a-z0-9-]+)'\\)")
                        .matcher((String) parts.get(i + 1));
                assertThat(team.find()).as("a team follows %s", ref).isTrue();
                assertThat(mapped.put((String) ref.get("Ref"), team.group(1))).isNull();
            }
        }
        assertThat(mapped).isEqualTo(teamOfClient);
        String text = requestTemplateText(stage);
        assertThat(text)
                .startsWith("#set($callerClient = $context.authorizer.claims.client_id)#if($callerClient == '")
                .contains("#{else}#set($callerTeam = 'unregistered')#{end}Action=SendMessage&")
                .contains("&MessageAttribute.3.Name=CallerTeam&MessageAttribute.3.Value.DataType=String"
                        + "&MessageAttribute.3.Value.StringValue=$util.urlEncode($callerTeam)")
                .endsWith("&MessageAttribute.4.Name=AcceptedAt&MessageAttribute.4.Value.DataType=Number"
                        + "&MessageAttribute.4.Value.StringValue=$context.requestTimeEpoch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void integrationRole_whenSynthesized_mayOnlySendToTheQueue(String stage) {
        Template template = template(stage);
        Capture roleId = new Capture();
        assertMethod(stage, Map.of("Integration", Map.of("Credentials", getAtt(roleId, "Arn"))));
        assertThat(idsOf(
                        template,
                        "AWS::IAM::Role",
                        Map.of(
                                "AssumeRolePolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Principal", Map.of("Service", "apigateway.amazonaws.com")))))))))
                .contains(roleId.asString());

        Map<String, Object> ofTheRole = Map.of("Roles", List.of(ref(roleId.asString())));
        assertThat(idsOf(template, "AWS::IAM::Policy", ofTheRole)).hasSize(1);
        Capture statements = new Capture();
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of("Roles", List.of(ref(roleId.asString())), "PolicyDocument", Map.of("Statement", statements)));
        assertThat(statements.asArray()).hasSize(2);
        assertThat(jsonText(statements.asArray())).doesNotContain("sqs:*");
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "Roles", List.of(ref(roleId.asString())),
                        "PolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(
                                                Match.objectLike(Map.of(
                                                        "Action", Match.arrayWith(List.of("sqs:SendMessage")),
                                                        "Resource", getAtt("MessageQueue", "Arn"))),
                                                Match.objectLike(Map.of(
                                                        "Action",
                                                                Match.arrayWith(
                                                                        List.of(Match.stringLikeRegexp("^kms:"))),
                                                        "Resource", getAtt("DataKey", "Arn"))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void integrationResponses_whenSynthesized_mapSuccessAndHideSqsErrors(String stage) {
        String json = "application/json";
        List<Map<String, Object>> expected = List.of(
                Map.of(
                        "StatusCode", "200",
                        "SelectionPattern", Match.absent(),
                        "ResponseTemplates", Map.of(json, SqsIntegrationTemplates.SEND_MESSAGE_RESULT)),
                Map.of(
                        "StatusCode", "400",
                        "SelectionPattern", "400",
                        "ResponseTemplates", Map.of(json, SqsIntegrationTemplates.SQS_CLIENT_ERROR)),
                Map.of(
                        "StatusCode", "500",
                        "SelectionPattern", "4(0[1-9]|[1-9]\\d)",
                        "ResponseTemplates", Map.of(json, SqsIntegrationTemplates.INTERNAL_ERROR)),
                Map.of(
                        "StatusCode", "503",
                        "SelectionPattern", "5\\d{2}",
                        "ResponseTemplates", Map.of(json, SqsIntegrationTemplates.UNAVAILABLE)));
        assertMethod(stage, Map.of("Integration", Map.of("IntegrationResponses", expected)));
        Capture responses = new Capture();
        assertMethod(stage, Map.of("Integration", Map.of("IntegrationResponses", responses)));
        assertThat(SqsIntegrationTemplates.INTERNAL_ERROR).doesNotContain("$input");
        assertThat(SqsIntegrationTemplates.UNAVAILABLE).doesNotContain("$input");
        // Every SQS status selects exactly one answer (API Gateway's patterns match the whole status code).
        List<String> patterns = responses.asArray().stream()
                .map(r -> (String) ((Map<?, ?>) r).get("SelectionPattern"))
                .filter(p -> p != null)
                .toList();
        for (int status = 400; status < 600; status++) {
            String code = Integer.toString(status);
            assertThat(patterns.stream().filter(code::matches).count())
                    .as("patterns matching SQS status " + code)
                    .isEqualTo(1);
        }
        assertMethod(
                stage,
                Map.of(
                        "MethodResponses",
                        List.of(
                                Map.of("StatusCode", "200"),
                                Map.of("StatusCode", "400"),
                                Map.of("StatusCode", "500"),
                                Map.of("StatusCode", "503"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void gatewayResponses_whenSynthesized_answerJsonWithStatusAndRequestId(String stage) throws Exception {
        Template template = template(stage);
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
        // As many responses as types, each type present: one response per type and no other.
        template.resourceCountIs(GATEWAY_RESPONSE, expectedStatus.size());
        Map<String, String> templates = new HashMap<>();
        expectedStatus.forEach((type, status) -> {
            Capture responseTemplate = new Capture();
            template.hasResourceProperties(
                    GATEWAY_RESPONSE,
                    Map.of(
                            "ResponseType",
                            type,
                            "StatusCode",
                            status.isEmpty() ? Match.absent() : status,
                            "ResponseTemplates",
                            Map.of("application/json", responseTemplate)));
            templates.put(type, responseTemplate.asString());
        });

        for (Map.Entry<String, String> response : templates.entrySet()) {
            String type = response.getKey();
            // Gateway response templates only substitute variables; messageString arrives quoted.
            String rendered = response.getValue()
                    .replace("$context.error.messageString", "\"Unauthorized\"")
                    .replace(
                            "$context.error.validationErrorString",
                            "[object has missing required properties ([\\\"QRCode\\\"])]")
                    .replace("$context.requestId", "req-1");
            ErrorBody body = JSON.readValue(rendered, ErrorBody.class);
            assertThat(body.message()).as(type).isNotBlank();
            assertThat(body.requestId()).as(type).isEqualTo("req-1");
        }
        assertThat(templates.get("BAD_REQUEST_BODY")).contains("$context.error.validationErrorString");
        assertThat(templates.get("REQUEST_TOO_LARGE")).contains(Long.toString(QrMessageSchema.MAX_MESSAGE_BYTES));
    }

    @Test
    void stage_whenSynthesized_isNamedAfterTheStageWithItsThrottling() {
        for (String name : StageConfig.STAGES) {
            StageConfig config = StageConfig.forStage(name);
            template(name).resourceCountIs(STAGE, 1);
            template(name)
                    .hasResourceProperties(
                            STAGE,
                            Map.of(
                                    "StageName",
                                    name,
                                    "MethodSettings",
                                    List.of(Map.of(
                                            "HttpMethod",
                                            "*",
                                            "ResourcePath",
                                            "/*",
                                            "ThrottlingRateLimit",
                                            config.apiRateLimit(),
                                            "ThrottlingBurstLimit",
                                            config.apiBurstLimit(),
                                            "LoggingLevel",
                                            config.apiExecutionLogLevel().name(),
                                            "MetricsEnabled",
                                            true,
                                            // Request and response bodies carry QR codes: never logged.
                                            "DataTraceEnabled",
                                            false)),
                                    "TracingEnabled",
                                    true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void accessLogs_whenSynthesized_areJsonLinesWithoutBodyOrValidationText(String stage) throws Exception {
        Template template = template(stage);
        Capture format = new Capture();
        Capture logGroup = new Capture();
        template.resourceCountIs(STAGE, 1);
        template.hasResourceProperties(
                STAGE, Map.of("AccessLogSetting", Map.of("Format", format, "DestinationArn", getAtt(logGroup, "Arn"))));
        assertThat(format.asString()).isEqualTo(MessageApi.ACCESS_LOG_FORMAT);
        JsonNode line = JSON.readTree(format.asString().replaceAll("\\$context\\.[A-Za-z.]+", "x"));
        assertThat(line.has("requestId")).isTrue();
        assertThat(line.has("status")).isTrue();
        assertThat(line.has("clientId")).isTrue();
        assertThat(format.asString()).doesNotContain("$input").doesNotContain("validationErrorString");
        assertThat(idsOf(template, LOG_GROUP, Map.of("RetentionInDays", SynthesizedStages.logRetentionDays(stage))))
                .contains(logGroup.asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void executionLogs_whenSynthesized_goToAGroupWithRetentionCreatedBeforeTheStage(String stage) {
        Template template = template(stage);
        var executionLogs = idsOf(
                template,
                LOG_GROUP,
                Map.of(
                        "LogGroupName",
                        Map.of(
                                "Fn::Join",
                                List.of("", List.of("API-Gateway-Execution-Logs_", Match.anyValue(), "/" + stage))),
                        "RetentionInDays",
                        SynthesizedStages.logRetentionDays(stage)));
        assertThat(executionLogs).hasSize(1);
        template.resourceCountIs(STAGE, 1);
        template.hasResource(STAGE, Map.of("DependsOn", Match.arrayWith(List.copyOf(executionLogs))));
    }
}
