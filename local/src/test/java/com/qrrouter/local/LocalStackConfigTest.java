package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class LocalStackConfigTest {

    @Test
    void builder_whenNothingSet_usesTheDocumentedPortsAndPipelineSettings() {
        LocalStackConfig config = LocalStackConfig.builder().build();

        assertThat(config.stage()).isEqualTo("local");
        assertThat(config.apiPort()).isEqualTo(8080);
        assertThat(config.tokenPort()).isEqualTo(9229);
        assertThat(config.sqsPort()).isEqualTo(9324);
        assertThat(config.dynamoDbPort()).isEqualTo(8000);
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.iotDataPort()).isEqualTo(8090);
        assertThat(config.routeCacheTtl()).isEqualTo(PipelineSettings.ROUTE_CACHE_TTL);
        assertThat(config.visibilityTimeout()).isEqualTo(PipelineSettings.QUEUE_VISIBILITY_TIMEOUT);
        assertThat(config.tokenValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(config.teamSecret(LocalStack.DEMO_TEAM)).isEmpty();
    }

    @Test
    void routerJar_whenMissing_saysHowToBuildIt() {
        LocalStackConfig config = LocalStackConfig.builder()
                .routerJar(Path.of("no-such-dir", "router-function.jar"))
                .build();

        assertThatThrownBy(config::routerJar)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl router-function package");
    }

    @Test
    void build_whenValuesAreOutOfRange_explains() {
        assertThatThrownBy(() -> LocalStackConfig.builder().apiPort(70_000).build())
                .hasMessageContaining("api port");
        assertThatThrownBy(() -> LocalStackConfig.builder().stage("Local Stage").build())
                .hasMessageContaining("Stage name");
        assertThatThrownBy(() -> LocalStackConfig.builder().apiThrottling(0, 1).build())
                .hasMessageContaining("throttling");
        assertThatThrownBy(() -> LocalStackConfig.builder()
                        .visibilityTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("visibility timeout");
        assertThatThrownBy(() -> LocalStackConfig.builder()
                        .visibilityTimeout(Duration.ofSeconds(29))
                        .build())
                .hasMessageContaining("at least the router's timeout (30 s)");
    }

    @Test
    void parse_whenOptionsGiven_setsThem() {
        LocalStackConfig config = LocalStackMain.parse(
                "--api-port=9090",
                "--mqtt-port=0",
                "--team-secret=demo-team=s3cret",
                "--team-secret",
                "other-team=0ther",
                "--route-cache-ttl-seconds=5",
                "--api-rate-limit",
                "500.5",
                "--api-burst-limit=1000",
                "--max-concurrency=4",
                "--batch-size=100",
                "--batching-window=2");

        assertThat(config.apiPort()).isEqualTo(9090);
        assertThat(config.mqttPort()).isZero();
        assertThat(config.teamSecret(LocalStack.DEMO_TEAM)).contains("s3cret");
        assertThat(config.teamSecret(LocalStack.OTHER_TEAM)).contains("0ther");
        assertThat(config.routeCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.apiRateLimit()).isEqualTo(500.5);
        assertThat(config.apiBurstLimit()).isEqualTo(1000);
        assertThat(config.maxConcurrency()).isEqualTo(4);
        assertThat(config.batchSize()).isEqualTo(100);
        assertThat(config.batchingWindow()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void parse_whenNothingGiven_usesTheBuildersDefaults() {
        LocalStackConfig parsed = LocalStackMain.parse();
        LocalStackConfig built = LocalStackConfig.builder().build();

        assertThat(LocalStackMain.settings(parsed)).isEqualTo(LocalStackMain.settings(built));
        assertThat(LocalStackMain.settings(parsed))
                .isEqualTo("API throttle 50 req/s (burst 100), batch size 10, batching window 0 s,"
                        + " max concurrency 2 router JVMs");
        assertThat(parsed.apiPort()).isEqualTo(built.apiPort());
        assertThat(parsed.routeCacheTtl()).isEqualTo(built.routeCacheTtl());
        assertThat(parsed.teamSecret(LocalStack.DEMO_TEAM)).isEmpty();
        assertThat(parsed.teamSecret(LocalStack.OTHER_TEAM)).isEmpty();
    }

    @Test
    void parse_whenHelpAsked_answersNoConfiguration() {
        assertThat(LocalStackMain.parse("--help")).isNull();
    }

    @Test
    void parse_whenOptionIsUnknownOrNotANumber_explains() {
        assertThatThrownBy(() -> LocalStackMain.parse("--colour=blue"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> LocalStackMain.parse("--api-port=http"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--api-port")
                .hasMessageContaining("'http' is not an int");
        assertThatThrownBy(() -> LocalStackMain.parse("8080"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("'8080'");
    }

    @Test
    void parse_whenValueIsOutOfRange_saysWhatIsAllowed() {
        assertThatThrownBy(() -> LocalStackMain.parse("--max-concurrency=1"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("2 to 1000");
        assertThatThrownBy(() -> LocalStackMain.parse("--batch-size=0"))
                .hasMessageContaining("batch size must be 1 to 10000");
        assertThatThrownBy(() -> LocalStackMain.parse("--batching-window=301"))
                .hasMessageContaining("0 to 300 whole seconds");
        assertThatThrownBy(() -> LocalStackMain.parse("--batch-size=11"))
                .hasMessageContaining("needs a batching window of at least 1 s");
        assertThatThrownBy(() -> LocalStackMain.parse("--api-rate-limit=0")).hasMessageContaining("throttling");
    }

    @Test
    void build_whenBatchingWindowIsNotWholeSecondsOrNegative_explains() {
        assertThatThrownBy(() -> LocalStackConfig.builder()
                        .batchingWindow(Duration.ofMillis(500))
                        .build())
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> LocalStackConfig.builder()
                        .batchingWindow(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("whole seconds");
    }

    @Test
    void parse_whenClientSecretGiven_fixesTheDemoTeamsSecret() {
        LocalStackConfig config = LocalStackMain.parse("--client-secret=s3cret");

        assertThat(config.teamSecret(LocalStack.DEMO_TEAM)).contains("s3cret");
        assertThat(config.teamSecret(LocalStack.OTHER_TEAM)).isEmpty();
    }

    @Test
    void parse_whenTeamSecretNamesAnUnknownTeam_saysWhichTeamsThereAre() {
        assertThatThrownBy(() -> LocalStackMain.parse("--team-secret=ops-team=s3cret"))
                .isInstanceOf(picocli.CommandLine.ParameterException.class)
                .hasMessageContaining("No team 'ops-team'")
                .hasMessageContaining("[demo-team, other-team]");
    }

    @Test
    void toString_whenPrinted_leavesOutTheSecret() {
        MachineClient client =
                new MachineClient("demo-team", "id", "very-secret", java.util.Set.of("qr-router/sendqrcode"));

        assertThat(client.toString()).contains("id").contains("demo-team").doesNotContain("very-secret");
    }

    @Test
    void machineClient_whenTeamNameHasASpaceOrIsEmpty_isRefusedWithTheRule() {
        assertThatThrownBy(() -> new MachineClient("demo team", "id", "s", java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A-Z a-z 0-9 _ . -");
        assertThatThrownBy(() -> new MachineClient("", "id", "s", java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
