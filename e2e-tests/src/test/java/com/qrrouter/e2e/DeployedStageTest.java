package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedStageTest {

    private static final String OUTPUTS = "{\"QrRouter-stag\":{"
            + "\"ApiUrl\":\"https://abc.execute-api.eu-west-1.amazonaws.com/stag/postmessagetosqs\","
            + "\"TokenUrl\":\"https://qr-router-stag.auth.eu-west-1.amazoncognito.com/oauth2/token\","
            + "\"UserPoolClientId\":\"client123\",\"Scope\":\"qr-router/sendqrcode\"}}";

    @TempDir
    Path dir;

    @Test
    void fromOutputs_whenFileAndSecretGiven_readsTheStage() throws Exception {
        Path file = Files.writeString(dir.resolve("outputs.json"), OUTPUTS);

        DeployedStage stage = DeployedStage.fromOutputs(file, Map.of("E2E_CLIENT_SECRET", "s3cret"));

        assertThat(stage.messageUri())
                .hasToString("https://abc.execute-api.eu-west-1.amazonaws.com/stag/postmessagetosqs");
        assertThat(stage.tokenUri().getPath()).isEqualTo("/oauth2/token");
        assertThat(stage.clientId()).isEqualTo("client123");
        assertThat(stage.clientSecret()).isEqualTo("s3cret");
    }

    @Test
    void fromOutputs_whenSomethingIsMissing_saysWhereToGetIt() throws Exception {
        Path file = Files.writeString(dir.resolve("outputs.json"), OUTPUTS);
        Path noClient = Files.writeString(dir.resolve("no-client.json"), OUTPUTS.replace("UserPoolClientId", "X"));

        assertThatThrownBy(
                        () -> DeployedStage.fromOutputs(dir.resolve("missing.json"), Map.of("E2E_CLIENT_SECRET", "s")))
                .hasMessageContaining("--outputs-file");
        assertThatThrownBy(() -> DeployedStage.fromOutputs(file, Map.of()))
                .hasMessageContaining("E2E_CLIENT_SECRET")
                .hasMessageContaining("describe-user-pool-client");
        assertThatThrownBy(() -> DeployedStage.fromOutputs(noClient, Map.of("E2E_CLIENT_SECRET", "s")))
                .hasMessageContaining("UserPoolClientId");
    }
}
