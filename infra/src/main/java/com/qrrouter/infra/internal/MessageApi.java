package com.qrrouter.infra.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.infra.StageConfig;
import com.qrrouter.settings.PipelineSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.CfnModel;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IModel;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The REST API of a stage: {@code POST /{stage}/postmessagetosqs}, authorized by the Cognito scope, validated against
 * the request model derived from {@code schemas/}, integrated straight with SQS {@code SendMessage}, with JSON
 * gateway responses, per-stage throttling, JSON access logs, execution logs without data tracing, and X-Ray.
 */
public final class MessageApi extends Construct {

    /** Name of the request model in API Gateway. */
    public static final String REQUEST_MODEL_NAME = "QrMessageV1";

    /**
     * JSON access log line. It names the caller's client id and the outcome but never carries the body or the
     * validation message (both can contain a QR code).
     */
    public static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"ip\":\"$context.identity.sourceIp\","
            + "\"userAgent\":\"$context.identity.userAgent\","
            + "\"httpMethod\":\"$context.httpMethod\","
            + "\"resourcePath\":\"$context.resourcePath\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"clientId\":\"$context.authorizer.claims.client_id\","
            + "\"integrationStatus\":\"$context.integration.status\","
            + "\"integrationLatency\":\"$context.integration.latency\","
            + "\"wafStatus\":\"$context.waf.status\","
            + "\"errorType\":\"$context.error.responseType\","
            + "\"errorMessage\":\"$context.error.message\","
            + "\"xrayTraceId\":\"$context.xrayTraceId\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_CONTENT = "application/json";

    private final RestApi api;

    /** The API of {@code props.stage()}: the method, its authorizer, model, validator and integration, the answers. */
    public MessageApi(Construct scope, String id, MessageApiProps props) {
        super(scope, id);
        StageConfig stage = props.stage();
        RemovalPolicy logRemoval = stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        api = restApi(stage, accessLogs(stage, logRemoval));
        addExecutionLogs(stage, logRemoval);
        IModel requestModel = requestModel(props.requestModelJson());
        Model errorModel = errorModel();
        RequestValidator validator = bodyValidator();
        CognitoUserPoolsAuthorizer authorizer = authorizer(props.auth());
        AwsIntegration sendMessage = sendMessageIntegration(stage, props.queue(), callers(props.auth()));
        addMessageMethod(sendMessage, authorizer, validator, requestModel, errorModel);
        addGatewayResponses(props.maxMessageBytes());
    }

    /** JSON access logs (ACCESS_LOG_FORMAT), kept as long as the stage keeps its logs. */
    private LogGroup accessLogs(StageConfig stage, RemovalPolicy logRemoval) {
        return LogGroup.Builder.create(this, "AccessLogs")
                .retention(stage.logRetention())
                .removalPolicy(logRemoval)
                .build();
    }

    /**
     * The regional REST API and its deployment stage: throttling, execution logging without data tracing, metrics,
     * X-Ray and the access logs.
     */
    private RestApi restApi(StageConfig stage, LogGroup accessLogs) {
        RestApi restApi = RestApi.Builder.create(this, "Api")
                .restApiName("qr-router-" + stage.stageName())
                .description("QR Router " + stage.stageName() + ": POST QR messages onto the queue")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // Execution logging needs the account-level CloudWatch role; kept on stack deletion because it is
                // shared by every API of the account and region.
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                .deployOptions(StageOptions.builder()
                        .stageName(stage.stageName())
                        .throttlingRateLimit(stage.apiRateLimit())
                        .throttlingBurstLimit(stage.apiBurstLimit())
                        .loggingLevel(stage.apiExecutionLogLevel())
                        // Never log request or response bodies: they carry QR codes.
                        .dataTraceEnabled(false)
                        .metricsEnabled(true)
                        .tracingEnabled(true)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                        .build())
                .build();

        // The stack's own ApiUrl output names the full resource URL; drop the generic stage URL output.
        restApi.getNode().tryRemoveChild("Endpoint");
        return restApi;
    }

    /** API Gateway writes execution logs to a group of a fixed name; creating it first gives it a retention. */
    private void addExecutionLogs(StageConfig stage, RemovalPolicy logRemoval) {
        LogGroup executionLogs = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName("API-Gateway-Execution-Logs_" + api.getRestApiId() + "/" + stage.stageName())
                .retention(stage.logRetention())
                .removalPolicy(logRemoval)
                .build();
        api.getDeploymentStage().getNode().addDependency(executionLogs);
    }

    /** The request model {@value #REQUEST_MODEL_NAME}: the draft-04 form of the message schema, taken as it is. */
    private IModel requestModel(String requestModelJson) {
        CfnModel requestModel = CfnModel.Builder.create(this, "RequestModel")
                .restApiId(api.getRestApiId())
                .name(REQUEST_MODEL_NAME)
                .contentType(JSON_CONTENT)
                .description("QR message, version 1 (draft-04 form of the schema in schemas/)")
                .schema(parse(requestModelJson))
                .build();
        return Model.fromModelName(this, "RequestModelRef", requestModel.getRef());
    }

    /** The model of every error answer of the method: a message and the request id. */
    private Model errorModel() {
        return api.addModel(
                "ErrorModel",
                ModelOptions.builder()
                        .modelName("ErrorResponse")
                        .contentType(JSON_CONTENT)
                        .schema(JsonSchema.builder()
                                .schema(JsonSchemaVersion.DRAFT4)
                                .title("Error")
                                .type(JsonSchemaType.OBJECT)
                                .required(List.of("message", "requestId"))
                                .properties(new TreeMap<>(Map.of(
                                        "message",
                                                JsonSchema.builder()
                                                        .type(JsonSchemaType.STRING)
                                                        .build(),
                                        "requestId",
                                                JsonSchema.builder()
                                                        .type(JsonSchemaType.STRING)
                                                        .build())))
                                .build())
                        .build());
    }

    /** Validates the body against the request model, and the required header. */
    private RequestValidator bodyValidator() {
        return api.addRequestValidator(
                "BodyValidator",
                RequestValidatorOptions.builder()
                        .requestValidatorName("body-and-parameters")
                        .validateRequestBody(true)
                        .validateRequestParameters(true)
                        .build());
    }

    /** Checks the access token of the {@code Authorization} header against the machine-client pool. */
    private CognitoUserPoolsAuthorizer authorizer(MachineClientAuth auth) {
        return CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                .cognitoUserPools(List.of(auth.userPool()))
                .identitySource("method.request.header.Authorization")
                .resultsCacheTtl(Duration.minutes(5))
                .build();
    }

    /**
     * SQS {@code SendMessage} with a role that may only send to {@code queue}: the URL-encoded body in, the
     * SendMessageResponse or a JSON error out ({@link SqsIntegrationTemplates}).
     */
    private AwsIntegration sendMessageIntegration(
            StageConfig stage, IQueue queue, List<SqsIntegrationTemplates.CallerClient> callers) {
        Role integrationRole = Role.Builder.create(this, "SendMessageRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("Lets the " + stage.stageName() + " API send messages to its queue")
                .build();
        queue.grantSendMessages(integrationRole);

        return AwsIntegration.Builder.create()
                .service("sqs")
                .path(Aws.ACCOUNT_ID + "/" + queue.getQueueName())
                .integrationHttpMethod("POST")
                .options(IntegrationOptions.builder()
                        .credentialsRole(integrationRole)
                        .passthroughBehavior(PassthroughBehavior.NEVER)
                        // The query-protocol form in, JSON out: without Accept, SQS may answer in XML, which the
                        // 200 template ($input.json) could not pass on as the SendMessageResponse document.
                        .requestParameters(new TreeMap<>(Map.of(
                                "integration.request.header.Content-Type", "'application/x-www-form-urlencoded'",
                                "integration.request.header.Accept", "'application/json'")))
                        .requestTemplates(Map.of(JSON_CONTENT, SqsIntegrationTemplates.sendMessageRequest(callers)))
                        .integrationResponses(integrationResponses())
                        .build())
                .build();
    }

    /**
     * Each team client's id (its {@code Ref}: a recreated client keeps its team) with its team name. The API's
     * deployment is named after the integration, so a new or removed client deploys the API stage anew.
     */
    private static List<SqsIntegrationTemplates.CallerClient> callers(MachineClientAuth auth) {
        return auth.teamClients().stream()
                .map(client ->
                        new SqsIntegrationTemplates.CallerClient(client.client().getUserPoolClientId(), client.team()))
                .toList();
    }

    /** Every SQS status selects exactly one answer: 200, 400 (the client's characters or ours), 500, 503. */
    private static List<IntegrationResponse> integrationResponses() {
        return List.of(
                IntegrationResponse.builder()
                        .statusCode("200")
                        .responseTemplates(Map.of(JSON_CONTENT, SqsIntegrationTemplates.SEND_MESSAGE_RESULT))
                        .build(),
                // SQS's 400: the client's characters (400) or a fault of ours (500), see the template.
                IntegrationResponse.builder()
                        .statusCode("400")
                        .selectionPattern("400")
                        .responseTemplates(Map.of(JSON_CONTENT, SqsIntegrationTemplates.SQS_CLIENT_ERROR))
                        .build(),
                IntegrationResponse.builder()
                        .statusCode("500")
                        .selectionPattern("4(0[1-9]|[1-9]\\d)")
                        .responseTemplates(Map.of(JSON_CONTENT, SqsIntegrationTemplates.INTERNAL_ERROR))
                        .build(),
                IntegrationResponse.builder()
                        .statusCode("503")
                        .selectionPattern("5\\d{2}")
                        .responseTemplates(Map.of(JSON_CONTENT, SqsIntegrationTemplates.UNAVAILABLE))
                        .build());
    }

    /** {@code POST /postmessagetosqs}: Cognito scope, validated body, the SQS integration and its answers. */
    private void addMessageMethod(
            AwsIntegration sendMessage,
            CognitoUserPoolsAuthorizer authorizer,
            RequestValidator validator,
            IModel requestModel,
            Model errorModel) {
        api.getRoot()
                .addResource(PipelineSettings.API_RESOURCE_PATH)
                .addMethod(
                        "POST",
                        sendMessage,
                        MethodOptions.builder()
                                .authorizer(authorizer)
                                .authorizationType(AuthorizationType.COGNITO)
                                .authorizationScopes(List.of(PipelineSettings.FULL_SCOPE))
                                .requestValidator(validator)
                                .requestModels(Map.of(JSON_CONTENT, requestModel))
                                .requestParameters(Map.of("method.request.header.Authorization", true))
                                .methodResponses(List.of(
                                        methodResponse("200", Model.EMPTY_MODEL),
                                        methodResponse("400", errorModel),
                                        methodResponse("500", errorModel),
                                        methodResponse("503", errorModel)))
                                .build());
    }

    private static MethodResponse methodResponse(String status, IModel model) {
        return MethodResponse.builder()
                .statusCode(status)
                .responseModels(Map.of(JSON_CONTENT, model))
                .build();
    }

    /** Every error that API Gateway answers itself, as JSON with the request id; messages never echo the body. */
    private void addGatewayResponses(long maxMessageBytes) {
        String standard = "{\"message\":$context.error.messageString,\"requestId\":\"$context.requestId\"}";
        Map<ResponseType, GatewayAnswer> answers = new LinkedHashMap<>();
        answers.put(
                ResponseType.BAD_REQUEST_BODY,
                new GatewayAnswer(
                        "400",
                        "{\"message\":\"Invalid request body: $context.error.validationErrorString\","
                                + "\"requestId\":\"$context.requestId\"}"));
        answers.put(ResponseType.BAD_REQUEST_PARAMETERS, new GatewayAnswer("400", standard));
        answers.put(ResponseType.UNAUTHORIZED, new GatewayAnswer("401", standard));
        answers.put(ResponseType.EXPIRED_TOKEN, new GatewayAnswer("401", standard));
        answers.put(ResponseType.ACCESS_DENIED, new GatewayAnswer("403", standard));
        answers.put(ResponseType.INVALID_SIGNATURE, new GatewayAnswer("403", standard));
        answers.put(ResponseType.MISSING_AUTHENTICATION_TOKEN, new GatewayAnswer("403", standard));
        answers.put(
                ResponseType.WAF_FILTERED,
                new GatewayAnswer(
                        "403",
                        "{\"message\":\"Forbidden by the web application firewall\","
                                + "\"requestId\":\"$context.requestId\"}"));
        answers.put(
                ResponseType.REQUEST_TOO_LARGE,
                new GatewayAnswer(
                        "413",
                        "{\"message\":\"Request body too large: a QR message has at most " + maxMessageBytes
                                + " bytes\",\"requestId\":\"$context.requestId\"}"));
        answers.put(
                ResponseType.UNSUPPORTED_MEDIA_TYPE,
                new GatewayAnswer(
                        "415",
                        "{\"message\":\"Unsupported media type: send Content-Type: application/json\","
                                + "\"requestId\":\"$context.requestId\"}"));
        answers.put(ResponseType.THROTTLED, new GatewayAnswer("429", standard));
        answers.put(ResponseType.QUOTA_EXCEEDED, new GatewayAnswer("429", standard));
        answers.put(ResponseType.DEFAULT_4_XX, new GatewayAnswer(null, standard));
        answers.put(ResponseType.DEFAULT_5_XX, new GatewayAnswer(null, standard));

        answers.forEach((type, answer) -> api.addGatewayResponse(
                type.getResponseType(),
                GatewayResponseOptions.builder()
                        .type(type)
                        .statusCode(answer.status())
                        .templates(Map.of(JSON_CONTENT, answer.template()))
                        .build()));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The request model is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private record GatewayAnswer(String status, String template) {}

    public RestApi api() {
        return api;
    }

    public Stage stage() {
        return api.getDeploymentStage();
    }

    /** The invoke URL of {@code POST /postmessagetosqs} in this stage. */
    public String messageUrl() {
        return api.urlForPath("/" + PipelineSettings.API_RESOURCE_PATH);
    }
}
