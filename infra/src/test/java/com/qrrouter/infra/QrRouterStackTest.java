package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;

class QrRouterStackTest {

    @Test
    void build_whenRouterJarMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> QrRouterStack.builder(StageConfig.forStage("dev"))
                        .routerJar(Path.of("no/such/router-function.jar"))
                        .build(new App()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no/such/router-function.jar")
                .hasMessageContaining("./mvnw -pl router-function package");
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
            var queue = SynthesizedStages.of(stage).json().at("/Resources/MessageQueue/Properties/Tags");
            assertThat(queue.toString())
                    .contains("{\"Key\":\"Project\",\"Value\":\"qr-router\"}")
                    .contains("{\"Key\":\"Stage\",\"Value\":\"" + stage + "\"}");
        }
    }
}
