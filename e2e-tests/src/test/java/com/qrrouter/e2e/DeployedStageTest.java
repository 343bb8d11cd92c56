package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedStageTest {

    private static final String OUTPUTS = "{\"CDKMetadata\":{},\"QrRouter-stag\":{"
            + "\"ApiUrl\":\"https://abc123.execute-api.eu-west-1.amazonaws.com/stag/postmessagetosqs\","
            + "\"TokenUrl\":\"https://qr-router-stag-1234.auth.eu-west-1.amazoncognito.com/oauth2/token\","
            + "\"Scope\":\"qr-router/sendqrcode\",\"UserPoolId\":\"eu-west-1_AbC\",\"TeamClientIds\":"
            + "\"{\\\"demo-team\\\":{\\\"1\\\":\\\"demo1\\\"},\\\"e2e-team\\\":{\\\"1\\\":\\\"old1\\\","
            + "\\\"2\\\":\\\"client123\\\"}}\","
            + "\"RoutesTableName\":\"QrRouter-stag-RoutesTable-X\","
            + "\"QueueUrl\":\"https://sqs.eu-west-1.amazonaws.com/123456789012/QrRouter-stag-MessageQueue-Y\","
            + "\"DeadLetterQueueUrl\":\"https://sqs.eu-west-1.amazonaws.com/123456789012/QrRouter-stag-DLQ-Z\","
            + "\"IotDataEndpoint\":\"a1b2c3-ats.iot.eu-west-1.amazonaws.com\",\"TopicPrefix\":\"qr-router/stag/\","
            + "\"E2eTesterPolicyArn\":\"arn:aws:iam::123456789012:policy/QrRouter-stag-E2eTester\"}}";

    @TempDir
    Path dir;

    @Test
    void fromOutputs_whenFileIsComplete_readsEverythingTheSuiteNeeds() throws Exception {
        Path file = Files.writeString(dir.resolve("outputs.json"), OUTPUTS);

        DeployedStage stage = DeployedStage.fromOutputs(file);

        assertThat(stage.stackName()).isEqualTo("QrRouter-stag");
        assertThat(stage.messageUri())
                .hasToString("https://abc123.execute-api.eu-west-1.amazonaws.com/stag/postmessagetosqs");
        assertThat(stage.tokenUri().getPath()).isEqualTo("/oauth2/token");
        // The e2e team's newest generation.
        assertThat(stage.clientId()).isEqualTo("client123");
        assertThat(stage.userPoolId()).isEqualTo("eu-west-1_AbC");
        assertThat(stage.routesTable()).isEqualTo("QrRouter-stag-RoutesTable-X");
        assertThat(stage.queueUrl()).endsWith("MessageQueue-Y");
        assertThat(stage.deadLetterQueueUrl()).endsWith("DLQ-Z");
        assertThat(stage.iotEndpoint()).isEqualTo("a1b2c3-ats.iot.eu-west-1.amazonaws.com");
        assertThat(stage.topicPrefix()).isEqualTo("qr-router/stag/");
        assertThat(stage.stageName()).isEqualTo("stag");
        assertThat(stage.region()).isEqualTo("eu-west-1");
    }

    @Test
    void fromOutputs_whenTopicPrefixIsOverridden_takesTheStageFromTheStackName() throws Exception {
        Path file = Files.writeString(
                dir.resolve("outputs.json"), OUTPUTS.replace("\"qr-router/stag/\"", "\"acme/doors/stag/\""));

        DeployedStage stage = DeployedStage.fromOutputs(file);

        assertThat(stage.topicPrefix()).isEqualTo("acme/doors/stag/");
        assertThat(stage.stageName()).isEqualTo("stag");
    }

    @Test
    void clientSecret_whenVariableSet_usesItWithoutAskingCognito() throws Exception {
        DeployedStage stage = DeployedStage.fromOutputs(Files.writeString(dir.resolve("outputs.json"), OUTPUTS));

        assertThat(stage.clientSecret(Map.of("E2E_CLIENT_SECRET", "s3cret"), () -> {
                    throw new AssertionError("Cognito asked although E2E_CLIENT_SECRET is set");
                }))
                .isEqualTo("s3cret");
        assertThat(stage.clientSecret(Map.of("E2E_CLIENT_SECRET", " "), () -> "from-cognito"))
                .isEqualTo("from-cognito");
        assertThat(stage.clientSecret(Map.of(), () -> "from-cognito")).isEqualTo("from-cognito");
    }

    @Test
    void fromOutputs_whenSomethingIsMissing_saysWhereToGetIt() throws Exception {
        Path noClient = Files.writeString(dir.resolve("no-client.json"), OUTPUTS.replace("TeamClientIds", "X"));
        Path noPrefix = Files.writeString(dir.resolve("no-prefix.json"), OUTPUTS.replace("TopicPrefix", "X"));
        Path twoStacks = Files.writeString(
                dir.resolve("two.json"),
                OUTPUTS.replace("{\"CDKMetadata\":{},", "{\"QrRouter-dev\":{\"ApiUrl\":\"x\"},"));

        assertThatThrownBy(() -> DeployedStage.fromOutputs(dir.resolve("missing.json")))
                .hasMessageContaining("--outputs-file");
        assertThatThrownBy(() -> DeployedStage.fromOutputs(noClient)).hasMessageContaining("TeamClientIds");
        assertThatThrownBy(() -> DeployedStage.fromOutputs(noPrefix)).hasMessageContaining("TopicPrefix");
        Path noE2eTeam = Files.writeString(dir.resolve("no-team.json"), OUTPUTS.replace("e2e-team", "x-team"));
        assertThatThrownBy(() -> DeployedStage.fromOutputs(noE2eTeam))
                .hasMessageContaining("declares no team e2e-team")
                .hasMessageContaining("infra/teams/<stage>.json");
        assertThatThrownBy(() -> DeployedStage.fromOutputs(twoStacks)).hasMessageContaining("exactly one");
        Path otherStack = Files.writeString(dir.resolve("other.json"), OUTPUTS.replace("QrRouter-stag", "MyStack"));
        assertThatThrownBy(() -> DeployedStage.fromOutputs(otherStack)).hasMessageContaining("QrRouter-<stage>");
    }
}
