package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link QrRouterApp#main} in a child JVM exactly as the CDK CLI does: context in {@code CDK_CONTEXT_JSON}, the
 * cloud assembly folder in {@code CDK_OUTDIR}, no account or region (offline synthesis).
 */
class QrRouterAppTest {

    private record Run(int exitCode, String output) {}

    private static Run runApp(Path outdir, Map<String, String> context) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), QrRouterApp.class.getName())
                .redirectErrorStream(true);
        builder.environment().remove("CDK_DEFAULT_ACCOUNT");
        builder.environment().remove("CDK_DEFAULT_REGION");
        builder.environment().put("CDK_OUTDIR", outdir.toString());
        builder.environment().put("CDK_CONTEXT_JSON", SynthesizedStages.JSON.writeValueAsString(context));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("app finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void main_whenProdContextGiven_synthesizesTheProdStackWithoutErrors(@TempDir Path outdir) throws Exception {
        Run run = runApp(
                outdir,
                Map.of(
                        "stage", "prod",
                        "routerJar",
                                SynthesizedStages.routerJar().toAbsolutePath().toString(),
                        "alarmEmail", "ops@example.com"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        Path template = outdir.resolve("QrRouter-prod.template.json");
        assertThat(template).exists();
        JsonNode manifest =
                SynthesizedStages.JSON.readTree(outdir.resolve("manifest.json").toFile());
        JsonNode stack = manifest.at("/artifacts/QrRouter-prod");
        assertThat(stack.at("/properties/terminationProtection").asBoolean()).isTrue();
        assertThat(stack.path("environment").asText()).isEqualTo("aws://unknown-account/unknown-region");
        // cdk-nag ran (its reports exist) and no construct carries an error for the CLI to stop on.
        assertThat(outdir.resolve("AwsSolutions-QrRouter-prod-NagReport.csv")).exists();
        assertThat(outdir.resolve("Serverless-QrRouter-prod-NagReport.csv")).exists();
        assertThat(manifest.toString()).doesNotContain("aws:cdk:error");
        assertThat(Files.readString(template)).contains("ops@example.com").contains("\"StageName\": \"prod\"");
    }

    @Test
    void main_whenStageUnknown_failsNamingTheKnownStages(@TempDir Path outdir) throws Exception {
        Run run = runApp(outdir, Map.of("stage", "qa"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("Unknown stage 'qa'").contains("[dev, stag, prod]");
        assertThat(List.of(outdir.toFile().list())).noneMatch(name -> name.endsWith(".template.json"));
    }
}
