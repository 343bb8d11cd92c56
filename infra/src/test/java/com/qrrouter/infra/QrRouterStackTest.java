package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class QrRouterStackTest {

    @Test
    void build_whenRouterJarMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> QrRouterStack.builder(StageConfig.forStage("dev"))
                        .routerJar(Path.of("no/such/router-function.jar"))
                        .teams(StageTeams.none())
                        .build(new App()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no/such/router-function.jar")
                .hasMessageContaining("./mvnw -pl router-function package");
    }

    @Test
    void build_whenTeamsMissing_saysWhereToReadThem() {
        assertThatThrownBy(() -> QrRouterStack.builder(StageConfig.forStage("prod"))
                        .routerJar(SynthesizedStages.routerJar())
                        .build(new App()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("StageTeams.read(StageTeams.file(\"prod\"))");
    }

    @Test
    void build_whenStageOffersTheTesterPolicyButDeclaresNoE2eTeam_isRefusedBeforeSynthesis() {
        assertThatThrownBy(() -> QrRouterStack.builder(StageConfig.forStage("dev"))
                        .routerJar(SynthesizedStages.routerJar())
                        .teams(StageTeams.parse("{\"teams\":[{\"name\":\"demo-team\",\"generations\":[\"1\"]}]}", "t"))
                        .build(new App()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares no team 'e2e-team'")
                .hasMessageContaining("teams/dev.json");
    }

    @Test
    void build_whenEnvironmentGiven_deploysToThatAccountAndRegion() {
        App app = new App();
        QrRouterStack stack = QrRouterStack.builder(StageConfig.forStage("stag"))
                .routerJar(SynthesizedStages.routerJar())
                .env(Environment.builder()
                        .account("123456789012")
                        .region("eu-west-1")
                        .build())
                .teams(SynthesizedStages.teams("stag"))
                .build(app);
        assertThat(stack.getAccount()).isEqualTo("123456789012");
        assertThat(stack.getRegion()).isEqualTo("eu-west-1");
        assertThat(stack.getStackName()).isEqualTo("QrRouter-stag");
        // Without an e-mail address the alarm topic has no subscription.
        assertThat(Template.fromStack(stack).findResources("AWS::SNS::Subscription"))
                .isEmpty();
        assertThat(Template.fromStack(stack).findResources("AWS::SNS::Topic")).hasSize(1);
    }

    @Test
    void stacks_whenSynthesized_areTaggedWithProjectAndStage() {
        for (String stage : StageConfig.STAGES) {
            Template template = SynthesizedStages.of(stage).template();
            for (Map<String, String> tag :
                    List.of(Map.of("Key", "Project", "Value", "qr-router"), Map.of("Key", "Stage", "Value", stage))) {
                assertThat(idsOf(
                                template,
                                "AWS::SQS::Queue",
                                Map.of("Tags", Match.arrayWith(List.of(Match.objectEquals(tag))))))
                        .as("%s on the queue of %s", tag, stage)
                        .contains("MessageQueue");
            }
        }
    }
}
