package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.settings.E2eNames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/** The SigV4 WebSocket client of a deployed stage, configured but never connected (no network). */
class Mqtt5DeviceTest {

    private static final String ENDPOINT = "a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com";

    @Test
    void iotCoreBuilder_whenBuilt_isAnMqtt5WebSocketClientOn443WithTheGivenClientIdAndCleanSession() {
        try (StaticCredentialsProvider credentials = new StaticCredentialsProvider.StaticCredentialsProviderBuilder()
                        .withAccessKeyId("AKIDEXAMPLE".getBytes(StandardCharsets.UTF_8))
                        .withSecretAccessKey("not-a-secret".getBytes(StandardCharsets.UTF_8))
                        .build();
                AwsIotMqtt5ClientBuilder builder =
                        Mqtt5Device.iotCoreBuilder(ENDPOINT, "eu-west-1", credentials, "qr-router-stag-e2e-run1-1");
                Mqtt5Client client = builder.build()) {
            Mqtt5ClientOptions options = client.getClientOptions();

            assertThat(options.getHostName()).isEqualTo(ENDPOINT);
            assertThat(options.getPort()).isEqualTo(443L);
            assertThat(options.getWebsocketHandshakeTransform())
                    .as("the SigV4-signing WebSocket handshake")
                    .isNotNull();
            assertThat(options.getTlsContext()).isNotNull();
            assertThat(options.getConnectOptions().getClientId()).isEqualTo("qr-router-stag-e2e-run1-1");
            assertThat(options.getSessionBehavior()).isEqualTo(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN);
            assertThat(options.getConnackTimeoutMs()).isEqualTo(Mqtt5Device.CONNECT_TIMEOUT.toMillis());
            assertThat(client.getIsConnected()).isFalse();
        }
    }

    @Test
    void nextMqttClientId_whenCalledTwice_givesDistinctIdsUnderTheTesterPolicysPrefix() {
        DeployedStage stage = new DeployedStage(
                "QrRouter-stag",
                java.net.URI.create("https://auth.example/oauth2/token"),
                java.net.URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/stag/postmessagetosqs"),
                "client",
                "pool",
                "routes",
                "queue",
                "dlq",
                ENDPOINT,
                "qr-router/stag/",
                "eu-west-1");
        DeployedTarget target = new DeployedTarget(stage, "secret", null, null);

        String first = target.nextMqttClientId();
        String second = target.nextMqttClientId();

        // The prefix the stage's tester policy allows (infra E2eTesterPolicy takes it from E2eNames too).
        assertThat(first).startsWith(E2eNames.mqttClientIdPrefix("stag")).isNotEqualTo(second);
        assertThat(second).startsWith("qr-router-stag-e2e-").hasSizeLessThanOrEqualTo(128);
    }
}
