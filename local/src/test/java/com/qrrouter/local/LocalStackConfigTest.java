package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
        assertThat(config.clientSecret()).isEmpty();
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
        LocalStackConfig config = LocalStackMain.parse(new String[] {
            "--api-port=9090", "--mqtt-port=0", "--client-secret=s3cret", "--route-cache-ttl-seconds=5"
        });

        assertThat(config.apiPort()).isEqualTo(9090);
        assertThat(config.mqttPort()).isZero();
        assertThat(config.clientSecret()).contains("s3cret");
        assertThat(config.routeCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void parse_whenOptionIsUnknownOrNotANumber_explains() {
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--colour=blue"}))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--api-port=http"}))
                .hasMessageContaining("needs a number");
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"8080"})).hasMessageContaining("--name=value");
    }

    @Test
    void toString_whenPrinted_leavesOutTheSecret() {
        MachineClient client = new MachineClient("id", "very-secret", java.util.Set.of("qr-router/sendqrcode"));

        assertThat(client.toString()).contains("id").doesNotContain("very-secret");
    }
}
