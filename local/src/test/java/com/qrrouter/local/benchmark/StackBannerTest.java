package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StackBannerTest {

    /** The start of LocalStackMain's banner, as it prints it (docs/local-stack.md), after a few log lines. */
    private static final String OUTPUT = """
            04:41:02.113 INFO  LocalStack - Local stack local is up
            {"level":"INFO","message":"router ready"}

            QR Router local stack is running (stage local). Ctrl-C stops it.

              API           POST http://127.0.0.1:41001/local/postmessagetosqs
              Token         POST http://127.0.0.1:41002/oauth2/token   (JWKS: http://127.0.0.1:41002/.well-known/jwks.json)
              MQTT broker   127.0.0.1:41003   (topics under qr-router/local/)
              SQS           http://127.0.0.1:41004   queue http://127.0.0.1:41004/000000000000/qr-router-local-messages
                            DLQ http://127.0.0.1:41004/000000000000/qr-router-local-messages-dlq
              DynamoDB      http://127.0.0.1:41005   tables qr-router-local-routes, qr-router-local-idempotency

            Machine client (shown once; a new secret at every start):
              CLIENT_ID=local-machine-client
              CLIENT_SECRET=s3cr3t
            """;

    @Test
    void parse_whenWholeBanner_readsEndpointsAndClientId() {
        StackBanner banner = StackBanner.parse(OUTPUT).orElseThrow();

        assertThat(banner.messageUri()).isEqualTo(URI.create("http://127.0.0.1:41001/local/postmessagetosqs"));
        assertThat(banner.tokenUri()).isEqualTo(URI.create("http://127.0.0.1:41002/oauth2/token"));
        assertThat(banner.mqttPort()).isEqualTo(41003);
        assertThat(banner.sqsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:41004"));
        assertThat(banner.queueUrl()).isEqualTo("http://127.0.0.1:41004/000000000000/qr-router-local-messages");
        assertThat(banner.deadLetterQueueUrl())
                .isEqualTo("http://127.0.0.1:41004/000000000000/qr-router-local-messages-dlq");
        assertThat(banner.clientId()).isEqualTo("local-machine-client");
    }

    @Test
    void parse_whenBannerIsHalfWritten_isEmpty() {
        String half = OUTPUT.substring(0, OUTPUT.indexOf("CLIENT_ID=") + "CLIENT_ID=local-mach".length());

        assertThat(StackBanner.parse(half)).isEmpty();
    }

    @Test
    void parse_whenLinesLookAlikeBeforeTheBanner_ignoresThem() {
        String output = "  CLIENT_ID=earlier\n  CLIENT_SECRET=x\n  API           POST http://elsewhere/\n";

        assertThat(StackBanner.parse(output)).isEmpty();
        assertThat(StackBanner.parse(output + OUTPUT).orElseThrow().clientId()).isEqualTo("local-machine-client");
    }
}
