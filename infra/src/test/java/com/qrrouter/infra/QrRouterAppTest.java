package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Runs {@link QrRouterApp#main} in a child JVM exactly as the CDK CLI does: context in {@code CDK_CONTEXT_JSON}, the
 * cloud assembly folder in {@code CDK_OUTDIR}, no account or region (offline synthesis).
 */
class QrRouterAppTest {

    private record Run(int exitCode, String output) {}

    private static Run runApp(Path outdir, Map<String, ?> context) throws IOException, InterruptedException {
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
                        "alarmEmail", "operators@example.com"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(outdir.resolve("QrRouter-prod.template.json")).exists();
        CloudFormationStackArtifact stack = new CloudAssembly(outdir.toString()).getStackByName("QrRouter-prod");
        assertThat(stack.getTerminationProtection()).isTrue();
        assertThat(stack.getEnvironment().getName()).isEqualTo("aws://unknown-account/unknown-region");
        // cdk-nag ran (its reports exist) and no construct carries an error for the CLI to stop on.
        assertThat(outdir.resolve("AwsSolutions-QrRouter-prod-NagReport.csv")).exists();
        assertThat(outdir.resolve("Serverless-QrRouter-prod-NagReport.csv")).exists();
        assertThat(Files.readString(outdir.resolve("manifest.json"))).doesNotContain("aws:cdk:error");
        @SuppressWarnings("unchecked")
        Template template = Template.fromJSON((Map<String, Object>) stack.getTemplate());
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "prod"));
        template.hasResourceProperties(
                "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "operators@example.com"));
        // Another JVM synthesizes the same template (e.g. no Map.of order leaks into it).
        assertThat(stack.getTemplate())
                .isEqualTo(SynthesizedStages.of("prod").template().toJSON());
        // The teams of the committed team file teams/prod.json, one client per generation.
        Capture names = new Capture();
        template.allResourcesProperties("AWS::Cognito::UserPoolClient", Map.of("ClientName", names));
        assertThat(SynthesizedStages.everyValue(names, Capture::asString))
                .containsExactlyInAnyOrderElementsOf(SynthesizedStages.teams("prod").teams().stream()
                        .flatMap(team -> team.generations().stream().map(team::clientName))
                        .toList());
    }

    @Test
    void main_whenStageUnknown_failsNamingTheKnownStages(@TempDir Path outdir) throws Exception {
        Run run = runApp(outdir, Map.of("stage", "qa"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("Unknown stage 'qa'").contains("[dev, stag, prod]");
        assertThat(List.of(outdir.toFile().list())).noneMatch(name -> name.endsWith(".template.json"));
    }

    @Test
    void main_whenProdWithOverrides_changesOnlyThoseValuesAndSaysSo(@TempDir Path outdir) throws Exception {
        // As the CLI passes them: -c maxConcurrency=50 arrives as a JSON number, a cdk.json string as a string.
        Run run = runApp(
                outdir,
                Map.of(
                        "stage",
                        "prod",
                        "routerJar",
                        SynthesizedStages.routerJar().toAbsolutePath().toString(),
                        "maxConcurrency",
                        50,
                        "batchingWindowSeconds",
                        "2"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        @SuppressWarnings("unchecked")
        Template template = Template.fromJSON(SynthesizedStages.JSON.readValue(
                outdir.resolve("QrRouter-prod.template.json").toFile(), Map.class));
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of("MaximumBatchingWindowInSeconds", 2, "ScalingConfig", Map.of("MaximumConcurrency", 50)));
        // Everything else keeps prod's defaults.
        StageConfig prod = StageConfig.forStage("prod");
        template.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Map.of(
                        "MethodSettings",
                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "ThrottlingRateLimit", prod.apiRateLimit(),
                                "ThrottlingBurstLimit", prod.apiBurstLimit()))))));
        template.hasOutput(QrRouterStack.Outputs.TOPIC_PREFIX, Match.objectLike(Map.of("Value", prod.topicPrefix())));
        // The deployment says what it changed (cdk synth/deploy print it; the assembly keeps it).
        String metadata = Files.readString(outdir.resolve("QrRouter-prod.metadata.json"));
        assertThat(metadata)
                .contains("aws:cdk:info")
                .contains("Stage prod with CDK context overrides: maxConcurrency=50 (default 12),"
                        + " batchingWindowSeconds=2 (default 0)");
    }

    @Test
    void main_whenOverrideInvalidOrMisspelt_failsNamingKeyValueAndRange(@TempDir Path outdir) throws Exception {
        Run run = runApp(
                outdir,
                Map.of(
                        "stage",
                        "prod",
                        "routerJar",
                        SynthesizedStages.routerJar().toAbsolutePath().toString(),
                        "maxConcurrency",
                        "abc",
                        "batchingwindowseconds",
                        5));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output())
                .contains("maxConcurrency='abc' is not a number: use concurrent router invocations, a whole number"
                        + " from 2 to 1000, e.g. cdk deploy -c stage=prod -c maxConcurrency=50")
                .contains("CDK context key 'batchingwindowseconds' is not known: did you mean"
                        + " 'batchingWindowSeconds'?");
        assertThat(List.of(outdir.toFile().list())).noneMatch(name -> name.endsWith(".template.json"));
    }
}
