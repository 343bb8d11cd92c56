package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.qrrouter.local.AwsError;
import com.qrrouter.local.FaultRate;
import com.qrrouter.local.LocalFaults;
import com.qrrouter.local.LocalStack;
import com.qrrouter.local.LocalStackConfig;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.settings.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault switches of the whole stack are wired to the router: on a stack started with fault injection its DynamoDB
 * and SQS calls go through the fault proxies (the stack's own do not), its publishes through the IoT endpoint; all
 * faults are off unless set. A plain stack (the shared one) has no proxies, and asking it for faults says how to fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalFaultsIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private LocalStack stack;
    private LocalFaults faults;
    private PipelineClient client;

    @BeforeAll
    void startStack() {
        stack = LocalStack.start(LocalStackConfig.builder()
                .freePorts()
                .faultInjection(true)
                .routerOutput(LocalStage.routerLog(Path.of("target", "local-faults-router.log")))
                .build());
        faults = LocalFaults.of(stack);
        client = new PipelineClient(stack.tokenUri(), stack.messageUri());
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void of_whenTheStackWasStartedWithoutFaultInjection_saysHowToStartIt() {
        assertThatThrownBy(() -> LocalFaults.of(LocalStage.shared().stack()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("faultInjection(true)");
    }

    private String token() {
        return client.token(
                stack.machineClient().clientId(), stack.machineClient().clientSecret(), PipelineSettings.FULL_SCOPE);
    }

    private static byte[] scan(String clientId) {
        return SeedScans.of(clientId, "faults-" + UUID.randomUUID());
    }

    @Test
    void post_whenNoFaultSet_isDeliveredAndTheRoutersDynamoDbCallsPassTheProxyUntouched() {
        faults.reset();
        byte[] scan = scan(LocalStack.SEED_CLIENT_ID);
        try (MqttSubscriber device = MqttSubscriber.subscribe(stack.mqttPort(), stack.topicPrefix() + "MyTopic")) {
            assertThat(client.postJson(token(), scan).status()).isEqualTo(200);

            await().atMost(DELIVERY)
                    .until(() ->
                            device.received().stream().anyMatch(message -> Arrays.equals(message.payload(), scan)));
        }

        LocalFaults.Counts counts = faults.counts();
        assertThat(counts.dynamoDbRequests()).containsKey("PutItem");
        assertThat(counts.dynamoDbFaultsInjected()).isEmpty();
        assertThat(counts.iotForwarded()).isGreaterThanOrEqualTo(1);
        assertThat(counts.iotFaultsInjected()).isZero();
    }

    @Test
    void failDeadLetterSends_whenAlways_theRouterCannotParkAndNothingReachesTheDeadLetterQueue() {
        faults.reset().failDeadLetterSends(AwsError.SQS_INTERNAL_ERROR, FaultRate.always());
        String unknownClient = "NoRoute" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(client.postJson(token(), scan(unknownClient)).status()).isEqualTo(200);

        await().atMost(DELIVERY).until(() -> faults.routerSqs().faultsInjected("SendMessage") >= 1);
        // Nothing reached ElasticMQ's SendMessage: the DLQ holds nothing of it (not read here, which would hide the
        // messages other tests look for).
        assertThat(faults.routerSqs().forwarded("SendMessage")).isZero();
    }
}
