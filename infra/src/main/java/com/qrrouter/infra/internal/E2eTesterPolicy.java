package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.settings.E2eNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The managed policy a tester (a CI role, an engineer) attaches to run {@code ./mvnw -Pe2e} against a non-production
 * stage (docs/deploy.md): connect to AWS IoT Core with a client id under {@code qr-router-<stage>-e2e-}, subscribe to
 * and receive from topics under {@code <topic prefix>e2e/} (by default {@code qr-router/<stage>/e2e/}), seed and
 * remove routes whose {@code ClientID} starts with {@code e2e-}, send its own scans back to the queue and receive and
 * delete them from the DLQ (the suite touches only its own messages), and read the integration client's secret.
 * Nothing else: no publish, no other route, no other topic.
 *
 * <p>The names are a contract with e2e-tests ({@code DeployedTarget}, {@code PipelineTests}), which cannot depend on
 * this module: both take them from {@link E2eNames} in pipeline-settings (decision 0502).
 */
public final class E2eTesterPolicy extends Construct {

    /** The topic segment under the stage's topic prefix that the tester may subscribe to: {@code <prefix>e2e/}. */
    public static final String TOPIC_SEGMENT = E2eNames.TOPIC_SEGMENT;

    private final ManagedPolicy policy;

    public E2eTesterPolicy(Construct scope, String id, E2eTesterPolicyProps props) {
        super(scope, id);
        StageConfig stage = props.stage();
        DataStore data = props.data();
        MachineClientAuth auth = props.auth();
        Stack stack = Stack.of(this);
        String topics = E2eNames.topicPrefix(stage.topicPrefix()) + "*";
        policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("QR Router " + stage.stageName()
                        + ": what the e2e suite (-Pe2e) needs, on its own client ids, topics, routes and messages")
                .statements(List.of(
                        statement(
                                "MqttConnectAsTester",
                                List.of("iot:Connect"),
                                iotArn(stack, "client", E2eNames.mqttClientIdPrefix(stage.stageName()) + "*")),
                        statement(
                                "MqttSubscribeToE2eTopics",
                                List.of("iot:Subscribe"),
                                iotArn(stack, "topicfilter", topics)),
                        statement("MqttReceiveFromE2eTopics", List.of("iot:Receive"), iotArn(stack, "topic", topics)),
                        PolicyStatement.Builder.create()
                                .sid("SeedAndRemoveE2eRoutes")
                                .effect(Effect.ALLOW)
                                .actions(List.of("dynamodb:PutItem", "dynamodb:DeleteItem"))
                                .resources(List.of(data.routesTable().getTableArn()))
                                .conditions(Map.of(
                                        "ForAllValues:StringLike",
                                        Map.of("dynamodb:LeadingKeys", List.of(E2eNames.ROUTE_CLIENT_ID_PREFIX + "*"))))
                                .build(),
                        statement(
                                "FindAndDeleteOwnDeadLetters",
                                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"),
                                data.deadLetterQueue().getQueueArn()),
                        statement(
                                "RedriveOwnMessages",
                                List.of("sqs:SendMessage"),
                                data.queue().getQueueArn()),
                        statement(
                                "UseTheStageKeyForThoseQueuesAndTable",
                                List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"),
                                data.key().getKeyArn()),
                        statement(
                                "DescribeTheIntegrationClient",
                                List.of("cognito-idp:DescribeUserPoolClient"),
                                auth.userPool().getUserPoolArn())))
                .build();
    }

    public ManagedPolicy policy() {
        return policy;
    }

    private static PolicyStatement statement(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(resource))
                .build();
    }

    private static String iotArn(Stack stack, String resourceType, String name) {
        return stack.formatArn(ArnComponents.builder()
                .service("iot")
                .resource(resourceType)
                .resourceName(name)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }
}
