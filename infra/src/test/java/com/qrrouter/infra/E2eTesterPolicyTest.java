package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.infra.QrRouterStack.Outputs;
import com.qrrouter.settings.E2eNames;
import com.qrrouter.settings.PipelineSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The managed policy a tester attaches to run the e2e suite against a non-production stage (docs/deploy.md). */
class E2eTesterPolicyTest {

    private static final String POLICY = "AWS::IAM::ManagedPolicy";

    /** The stage's tester policy has these statements, among others. */
    private static void assertPolicyHasStatements(Template template, List<?> statements) {
        template.hasResourceProperties(
                POLICY, Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(statements))));
    }

    /** {@code qr-router/<stage>/e2e/}: the suite's topics under the stage's default prefix. */
    private static String e2eTopics(String stage) {
        return E2eNames.topicPrefix(PipelineSettings.topicPrefix(stage));
    }

    /**
     * The names are those of {@link E2eNames}, which the e2e suite uses too (e2e-tests {@code DeployedTarget},
     * {@code PipelineTests}): the policy allows what the suite does (decision 0502).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag"})
    void policy_whenNonProductionStage_allowsMqttOnlyOnItsClientIdsAndE2eTopics(String stage) {
        Template template = SynthesizedStages.of(stage).template();

        template.resourceCountIs(POLICY, 1);
        assertPolicyHasStatements(
                template,
                List.of(
                        Match.objectEquals(Map.of(
                                "Sid", "MqttConnectAsTester",
                                "Effect", "Allow",
                                "Action", "iot:Connect",
                                "Resource",
                                        SynthesizedStages.iotArn(
                                                "client/" + E2eNames.mqttClientIdPrefix(stage) + "*"))),
                        Match.objectEquals(Map.of(
                                "Sid", "MqttSubscribeToE2eTopics",
                                "Effect", "Allow",
                                "Action", "iot:Subscribe",
                                "Resource", SynthesizedStages.iotArn("topicfilter/" + e2eTopics(stage) + "*"))),
                        Match.objectEquals(Map.of(
                                "Sid", "MqttReceiveFromE2eTopics",
                                "Effect", "Allow",
                                "Action", "iot:Receive",
                                "Resource", SynthesizedStages.iotArn("topic/" + e2eTopics(stage) + "*")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag"})
    void policy_whenNonProductionStage_allowsRoutesOfE2eClientsOwnMessagesAndTheSecretLookupOnly(String stage) {
        Template template = SynthesizedStages.of(stage).template();

        assertPolicyHasStatements(
                template,
                List.of(
                        Match.objectEquals(Map.of(
                                "Sid", "SeedAndRemoveE2eRoutes",
                                "Effect", "Allow",
                                "Action", List.of("dynamodb:PutItem", "dynamodb:DeleteItem"),
                                "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "Arn")),
                                "Condition",
                                        Map.of(
                                                "ForAllValues:StringLike",
                                                Map.of(
                                                        "dynamodb:LeadingKeys",
                                                        List.of(E2eNames.ROUTE_CLIENT_ID_PREFIX + "*"))))),
                        Match.objectEquals(Map.of(
                                "Sid",
                                "FindAndDeleteOwnDeadLetters",
                                "Effect",
                                "Allow",
                                "Action",
                                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"),
                                "Resource",
                                Map.of("Fn::GetAtt", List.of("DeadLetterQueue", "Arn")))),
                        Match.objectEquals(Map.of(
                                "Sid", "RedriveOwnMessages",
                                "Effect", "Allow",
                                "Action", "sqs:SendMessage",
                                "Resource", Map.of("Fn::GetAtt", List.of("MessageQueue", "Arn")))),
                        Match.objectLike(Map.of(
                                "Sid",
                                "DescribeTheIntegrationClient",
                                "Action",
                                "cognito-idp:DescribeUserPoolClient",
                                "Resource",
                                Map.of("Fn::GetAtt", List.of("MachineClientPool", "Arn"))))));
        // Nothing that publishes, and nothing on every resource.
        assertThat(template.findResources(POLICY).toString())
                .doesNotContain("iot:Publish")
                .doesNotContain("Resource=*")
                .doesNotContain("sqs:StartMessageMoveTask")
                .doesNotContain("sqs:PurgeQueue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag"})
    void outputs_whenNonProductionStage_nameThePolicy(String stage) {
        Template template = SynthesizedStages.of(stage).template();

        template.hasOutput(
                Outputs.E2E_TESTER_POLICY_ARN,
                Match.objectLike(Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("^E2eTesterPolicy.*")))));
    }

    @Test
    void policy_whenProduction_isNotCreated() {
        Template template = SynthesizedStages.of("prod").template();

        template.resourceCountIs(POLICY, 0);
        assertThat(template.findOutputs(Outputs.E2E_TESTER_POLICY_ARN)).isEmpty();
    }

    @Test
    void stageConfig_whenDataIsRetained_refusesTheTesterPolicy() {
        assertThatThrownBy(() -> StageConfig.builder("qa").retainData(true).build())
                .hasMessageContaining("cannot offer the e2e tester policy");
        assertThat(StageConfig.builder("qa")
                        .retainData(true)
                        .e2eTesterPolicy(false)
                        .build()
                        .e2eTesterPolicy())
                .isFalse();
    }
}
