package com.qrrouter.infra;

import com.qrrouter.infra.internal.ApiFirewall;
import com.qrrouter.infra.internal.ApiFirewallProps;
import com.qrrouter.infra.internal.DataStore;
import com.qrrouter.infra.internal.E2eTesterPolicy;
import com.qrrouter.infra.internal.E2eTesterPolicyProps;
import com.qrrouter.infra.internal.IotDataEndpoint;
import com.qrrouter.infra.internal.MachineClientAuth;
import com.qrrouter.infra.internal.MachineClientAuthProps;
import com.qrrouter.infra.internal.MessageApi;
import com.qrrouter.infra.internal.MessageApiProps;
import com.qrrouter.infra.internal.NagSuppressionsOfStack;
import com.qrrouter.infra.internal.Operations;
import com.qrrouter.infra.internal.OperationsProps;
import com.qrrouter.infra.internal.RouterFunction;
import com.qrrouter.infra.internal.RouterFunctionProps;
import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * All resources of one stage: WAF → API Gateway (Cognito scope) → SQS (+ DLQ) → router Lambda → DynamoDB → AWS IoT
 * Core, with alarms, a dashboard and the outputs that e2e tests and docs read.
 *
 * <p>One stack per stage keeps the key, the queues and the grants between them in one deployment (a key in another
 * stack would need its policy to name roles of this one: a cross-stack cycle); the stateful resources sit in their own
 * construct with pinned logical ids (docs/decisions/0301-one-stack-per-stage.md).
 */
public final class QrRouterStack extends Stack {

    /** Output names: a contract with e2e-tests and docs/deploy.md. */
    public static final class Outputs {
        public static final String API_URL = "ApiUrl";
        public static final String TOKEN_URL = "TokenUrl";
        public static final String SCOPE = "Scope";
        public static final String USER_POOL_ID = "UserPoolId";
        /**
         * The app client ids of the declared teams, as a JSON object {@code {"<team>": {"<generation>": "<client
         * id>"}}} (never a secret).
         */
        public static final String TEAM_CLIENT_IDS = "TeamClientIds";

        public static final String ROUTES_TABLE_NAME = "RoutesTableName";
        public static final String QUEUE_URL = "QueueUrl";
        public static final String DEAD_LETTER_QUEUE_URL = "DeadLetterQueueUrl";
        public static final String IOT_DATA_ENDPOINT = "IotDataEndpoint";
        public static final String TOPIC_PREFIX = "TopicPrefix";
        public static final String ROUTER_FUNCTION_NAME = "RouterFunctionName";
        public static final String ALARM_TOPIC_ARN = "AlarmTopicArn";
        /** Only on stages with {@link StageConfig#e2eTesterPolicy()}: the managed policy a tester attaches. */
        public static final String E2E_TESTER_POLICY_ARN = "E2eTesterPolicyArn";

        private Outputs() {}
    }

    private final StageConfig stage;

    private QrRouterStack(Construct scope, Builder builder) {
        super(
                scope,
                builder.stage.stackName(),
                StackProps.builder()
                        .env(builder.env)
                        .description("QR Router " + builder.stage.stageName()
                                + ": WAF, API Gateway, Cognito, SQS, router Lambda, DynamoDB, IoT Core")
                        .terminationProtection(builder.stage.terminationProtection())
                        .build());
        this.stage = builder.stage;
        // Dashboards are left untagged: CloudFormation's linter (cfn-lint) does not accept Tags on them yet.
        TagProps tagProps = TagProps.builder()
                .excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard"))
                .build();
        Tags.of(this).add("Project", "qr-router", tagProps);
        Tags.of(this).add("Stage", stage.stageName(), tagProps);

        DataStore data = new DataStore(this, "Data", stage);
        MachineClientAuth auth = new MachineClientAuth(
                this,
                "Auth",
                MachineClientAuthProps.builder()
                        .stage(stage)
                        .teams(builder.teams)
                        .build());
        MessageApiProps apiProps = MessageApiProps.builder()
                .stage(stage)
                .auth(auth)
                .queue(data.queue())
                .build();
        MessageApi api = new MessageApi(this, "MessageApi", apiProps);
        new ApiFirewall(
                this,
                "Firewall",
                ApiFirewallProps.builder()
                        .stage(stage)
                        .apiStage(api.stage())
                        .maxMessageBytes(apiProps.maxMessageBytes())
                        .build());
        IotDataEndpoint iotEndpoint = new IotDataEndpoint(this, "IotEndpoint", stage);
        RouterFunction router = new RouterFunction(
                this,
                "Router",
                RouterFunctionProps.builder()
                        .stage(stage)
                        .routerJar(builder.routerJar)
                        .data(data)
                        .iotEndpoint(iotEndpoint)
                        .build());
        Operations operations = new Operations(
                this,
                "Operations",
                OperationsProps.builder()
                        .stage(stage)
                        .data(data)
                        .router(router.function())
                        .apiStage(api.stage())
                        .alarmEmail(builder.alarmEmail)
                        .build());

        output(Outputs.API_URL, api.messageUrl(), "POST QR messages here (Authorization: access token)");
        output(Outputs.TOKEN_URL, auth.tokenUrl(), "OAuth2 token endpoint (client_credentials)");
        output(Outputs.SCOPE, PipelineSettings.FULL_SCOPE, "OAuth2 scope to request");
        output(Outputs.USER_POOL_ID, auth.userPool().getUserPoolId(), "Cognito user pool of machine clients");
        output(
                Outputs.TEAM_CLIENT_IDS,
                teamClientIds(auth),
                "App client ids by team and generation, JSON (read a secret with aws cognito-idp"
                        + " describe-user-pool-client)");
        output(Outputs.ROUTES_TABLE_NAME, data.routesTable().getTableName(), "Routes: ClientID -> Topic");
        output(Outputs.QUEUE_URL, data.queue().getQueueUrl(), "Message queue");
        output(Outputs.DEAD_LETTER_QUEUE_URL, data.deadLetterQueue().getQueueUrl(), "Dead-letter queue");
        output(Outputs.IOT_DATA_ENDPOINT, iotEndpoint.address(), "AWS IoT data endpoint (MQTT over TLS, port 8883)");
        output(Outputs.TOPIC_PREFIX, stage.topicPrefix(), "Routed topics must start with this prefix");
        output(Outputs.ROUTER_FUNCTION_NAME, router.function().getFunctionName(), "Router Lambda");
        output(Outputs.ALARM_TOPIC_ARN, operations.alarmTopic().getTopicArn(), "Subscribe operators here");
        if (stage.e2eTesterPolicy()) {
            E2eTesterPolicy tester = new E2eTesterPolicy(
                    this,
                    "E2eTester",
                    E2eTesterPolicyProps.builder()
                            .stage(stage)
                            .data(data)
                            .auth(auth)
                            .build());
            output(
                    Outputs.E2E_TESTER_POLICY_ARN,
                    tester.policy().getManagedPolicyArn(),
                    "Attach to the role that runs the e2e suite (-Pe2e) against this stage");
        }

        NagSuppressionsOfStack.apply(this, stage);
    }

    /** {@code {"<team>": {"<generation>": "<client id>", …}, …}} in the team file's order. */
    private static String teamClientIds(MachineClientAuth auth) {
        Map<String, List<String>> byTeam = new LinkedHashMap<>();
        for (MachineClientAuth.TeamClient client : auth.teamClients()) {
            byTeam.computeIfAbsent(client.team(), team -> new ArrayList<>())
                    .add("\"" + client.generation() + "\":\"" + client.client().getUserPoolClientId() + "\"");
        }
        List<String> teams = new ArrayList<>();
        byTeam.forEach((team, clients) -> teams.add("\"" + team + "\":{" + String.join(",", clients) + "}"));
        return "{" + String.join(",", teams) + "}";
    }

    private void output(String name, String value, String description) {
        CfnOutput.Builder.create(this, name)
                .value(value)
                .description(description)
                .build();
    }

    public StageConfig stage() {
        return stage;
    }

    /** A builder for the stack of {@code stage}. */
    public static Builder builder(StageConfig stage) {
        return new Builder(stage);
    }

    /**
     * Inputs of a stage's stack. The request model and body bound are those of the current message schema ({@link
     * MessageApiProps}).
     */
    public static final class Builder {
        private final StageConfig stage;
        private Path routerJar;
        private Environment env;
        private String alarmEmail;
        private StageTeams teams;

        private Builder(StageConfig stage) {
            this.stage = Objects.requireNonNull(stage, "stage");
        }

        /** The deployable router: the shaded jar (or, in tests, a stand-in folder). */
        public Builder routerJar(Path routerJar) {
            this.routerJar = routerJar;
            return this;
        }

        /** Account and region; {@code null} synthesizes an environment-agnostic template. */
        public Builder env(Environment env) {
            this.env = env;
            return this;
        }

        /** Optional e-mail address subscribed to the alarm topic. */
        public Builder alarmEmail(String alarmEmail) {
            this.alarmEmail = alarmEmail;
            return this;
        }

        /** The stage's integrating teams, from its team file ({@link StageTeams#read}); required. */
        public Builder teams(StageTeams teams) {
            this.teams = teams;
            return this;
        }

        public QrRouterStack build(Construct scope) {
            if (routerJar == null || !Files.exists(routerJar)) {
                throw new IllegalStateException("The router jar " + routerJar
                        + " does not exist: build it with ./mvnw -pl router-function package");
            }
            if (teams == null) {
                throw new IllegalStateException("The stack of stage " + stage.stageName() + " needs its teams: read"
                        + " them with StageTeams.read(StageTeams.file(\"" + stage.stageName() + "\"))");
            }
            teams.problemFor(stage).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            return new QrRouterStack(scope, this);
        }
    }
}
