package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CDK CLI setup that {@code cdk synth|deploy} relies on: {@code cdk.json} runs this module's app through the Maven
 * wrapper, and the CLI is pinned to an exact 2.x version (3.x rejects our cloud-assembly schema).
 */
class CdkCliConfigTest {

    @Test
    void cdkJson_whenRead_runsTheAppThroughTheMavenWrapperOfThisModule() throws Exception {
        JsonNode cdkJson = SynthesizedStages.JSON.readTree(Path.of("cdk.json").toFile());
        String app = cdkJson.path("app").asText();
        assertThat(app).startsWith("../mvnw ").contains("-pl infra").contains("exec:java");
        assertThat(cdkJson.at("/context/stage").asText()).isEqualTo("dev");

        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<mainClass>" + QrRouterApp.class.getName() + "</mainClass>");
    }

    @Test
    void packageJson_whenRead_pinsTheCdkCliToAnExactVersion2() throws Exception {
        JsonNode packageJson =
                SynthesizedStages.JSON.readTree(Path.of("package.json").toFile());
        String version = packageJson.at("/devDependencies/aws-cdk").asText();
        assertThat(version).matches("2\\.\\d+\\.\\d+");

        JsonNode lock =
                SynthesizedStages.JSON.readTree(Path.of("package-lock.json").toFile());
        assertThat(lock.at("/packages/node_modules~1aws-cdk/version").asText()).isEqualTo(version);
    }
}
