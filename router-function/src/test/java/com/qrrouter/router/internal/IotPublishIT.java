package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.local.LocalAws;
import com.qrrouter.router.AwsOverrides;
import com.qrrouter.router.MqttMessage;
import com.qrrouter.router.RouterSettings;
import com.qrrouter.settings.RouterEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The router's real IoT client (timeouts and retry strategy of {@link AwsClients}) against the IoT data-plane
 * stand-in: a publish is never repeated unless IoT Core said it did not take it (decision 0207).
 */
class IotPublishIT {

    static final String TOPIC = "qr-router/it/MyTopic";
    static final MqttMessage MESSAGE =
            new MqttMessage(TOPIC, "{\"ClientID\":\"DemoClient\"}".getBytes(StandardCharsets.UTF_8), "corr-1");

    static IotDataPlaneEndpoint iot;
    static AwsClients clients;
    static IotDataPlanePublisher publisher;

    @BeforeAll
    static void start() {
        iot = IotDataPlaneEndpoint.start(null);
        RouterSettings settings = RouterSettings.fromEnvironment(RouterEnvironment.builder()
                .routesTableName("routes")
                .idempotencyTableName("idempotency")
                .deadLetterQueueUrl("http://127.0.0.1:1/000000000000/dlq")
                .sourceQueueUrl("http://127.0.0.1:1/000000000000/messages")
                .topicPrefix("qr-router/it/")
                .iotDataEndpoint(iot.uri().toString())
                .build());
        clients = AwsClients.create(settings, new AwsOverrides(null, null, LocalAws.REGION, LocalAws.CREDENTIALS));
        publisher = new IotDataPlanePublisher(clients.iot());
    }

    @AfterAll
    static void stop() {
        clients.close();
        iot.close();
    }

    @BeforeEach
    void reset() {
        iot.reset();
        iot.latency(Duration.ZERO);
    }

    @Test
    void publish_whenIotAnswersSlowerThanTheOldAttemptTimeout_publishesOnce() {
        // 3.5 s: longer than the 3 s attempt timeout the IoT client had, shorter than its 8 s call timeout. The
        // attempt that timed out had published (IoT Core publishes, then answers late), and its retry published again.
        iot.latency(Duration.ofMillis(3_500));

        publisher.publish(MESSAGE);

        assertThat(iot.requests()).isEqualTo(1);
        assertThat(iot.publishes()).hasSize(1);
    }

    @Test
    void publish_whenThrottledTwice_retriesAndPublishesOnce() {
        iot.failNext(2, 429, "ThrottlingException");

        publisher.publish(MESSAGE);

        assertThat(iot.requests()).isEqualTo(3);
        assertThat(iot.publishes()).hasSize(1);
    }

    @Test
    void publish_whenServiceUnavailableOnce_retriesAndPublishesOnce() {
        iot.failNext(1, 503, "ServiceUnavailableException");

        publisher.publish(MESSAGE);

        assertThat(iot.requests()).isEqualTo(2);
        assertThat(iot.publishes()).hasSize(1);
    }

    @Test
    void publish_whenInternalFailure_doesNotRetryAPublishThatMayHaveHappened() {
        iot.failNext(1, 500, "InternalFailureException");

        assertThatThrownBy(() -> publisher.publish(MESSAGE)).isInstanceOf(SdkServiceException.class);

        assertThat(iot.requests()).isEqualTo(1);
    }

    @Test
    void publish_whenThrottledOnEveryAttempt_givesUpAfterThreeAttempts() {
        iot.failNext(1_000, 429, "ThrottlingException");

        assertThatThrownBy(() -> publisher.publish(MESSAGE))
                .isInstanceOfSatisfying(
                        SdkServiceException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());

        assertThat(iot.requests()).isEqualTo(AwsClients.IOT_MAX_ATTEMPTS);
    }
}
