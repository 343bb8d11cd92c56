package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.InternalFailureException;
import software.amazon.awssdk.services.iotdataplane.model.IotDataPlaneException;
import software.amazon.awssdk.services.iotdataplane.model.ServiceUnavailableException;
import software.amazon.awssdk.services.iotdataplane.model.ThrottlingException;

/**
 * The IoT data-plane endpoint's run-time faults, seen through the client the router uses and a real MQTT subscriber:
 * error answers at a rate, slow answers, and the stopped broker.
 */
class IotDataPlaneEndpointFaultsIT {

    private static final String TOPIC = "qr-router/it/Faults";

    private static EmbeddedMqttBroker broker;
    private static IotDataPlaneEndpoint endpoint;
    private static IotDataPlaneClient noRetries;

    private MqttSubscriber device;

    @BeforeAll
    static void start() {
        broker = EmbeddedMqttBroker.start();
        endpoint = IotDataPlaneEndpoint.start(broker);
        noRetries = client(endpoint.uri(), b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    @AfterAll
    static void stop() {
        noRetries.close();
        endpoint.close();
        broker.close();
    }

    @BeforeEach
    void subscribe() {
        endpoint.reset();
        device = MqttSubscriber.subscribe(broker, TOPIC);
    }

    @AfterEach
    void unsubscribe() {
        device.close();
    }

    static IotDataPlaneClient client(URI endpoint, Consumer<ClientOverrideConfiguration.Builder> override) {
        return IotDataPlaneClient.builder()
                .endpointOverride(endpoint)
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override)
                .build();
    }

    private static void publish(IotDataPlaneClient client, String payload) {
        client.publish(b -> b.topic(TOPIC).qos(1).payload(SdkBytes.fromString(payload, StandardCharsets.UTF_8)));
    }

    private List<String> receivedPayloads() {
        return device.received().stream()
                .map(message -> new String(message.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void fail_whenThrottlingEveryFifth_sdkSeesThrottlingOnThoseAndOnlyTheOthersArePublished() {
        endpoint.fail(AwsError.IOT_THROTTLING, FaultRate.everyNth(5));

        List<String> accepted = new ArrayList<>();
        List<IotDataPlaneException> refused = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String payload = "throttled-" + i;
            try {
                publish(noRetries, payload);
                accepted.add(payload);
            } catch (IotDataPlaneException e) {
                refused.add(e);
            }
        }

        assertThat(accepted).hasSize(8).doesNotContain("throttled-5", "throttled-10");
        assertThat(refused).hasSize(2).allSatisfy(e -> {
            assertThat(e).isInstanceOf(ThrottlingException.class);
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(e.statusCode()).isEqualTo(429);
        });
        assertThat(endpoint.requests()).isEqualTo(10);
        assertThat(endpoint.faultsInjected()).isEqualTo(2);
        assertThat(endpoint.forwarded()).isEqualTo(8);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 8);
        assertThat(receivedPayloads()).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void fail_whenServiceUnavailableAndInternalFailure_sdkSeesTheService5xxAndRetriesThem() {
        endpoint.fail(AwsError.IOT_SERVICE_UNAVAILABLE, FaultRate.next(1))
                .fail(AwsError.IOT_INTERNAL_FAILURE, FaultRate.next(1));

        ServiceUnavailableException unavailable =
                catchThrowableOfType(ServiceUnavailableException.class, () -> publish(noRetries, "first"));
        InternalFailureException internal =
                catchThrowableOfType(InternalFailureException.class, () -> publish(noRetries, "second"));
        endpoint.fail(AwsError.IOT_SERVICE_UNAVAILABLE, FaultRate.next(2));
        try (IotDataPlaneClient withRetries = client(endpoint.uri(), b -> {})) {
            publish(withRetries, "third");
        }

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(endpoint.requests()).isEqualTo(5);
        assertThat(endpoint.faultsInjected()).isEqualTo(4);
        assertThat(endpoint.forwarded()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 1);
        assertThat(receivedPayloads()).containsExactly("third");
    }

    @Test
    void slow_whenOneInFiveLate_publishesEveryOneAndDelaysOnlyThoseAnswers() {
        Duration delay = Duration.ofMillis(600);
        endpoint.slow(delay, FaultRate.everyNth(5));

        List<Duration> took = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long start = System.nanoTime();
            publish(noRetries, "slow-" + i);
            took.add(Duration.ofNanos(System.nanoTime() - start));
        }

        assertThat(took.get(4)).isGreaterThanOrEqualTo(delay);
        assertThat(took.get(9)).isGreaterThanOrEqualTo(delay);
        assertThat(took.stream().filter(d -> d.compareTo(delay) >= 0)).hasSize(2);
        assertThat(endpoint.slowAnswers()).isEqualTo(2);
        assertThat(endpoint.forwarded()).isEqualTo(10);
    }

    @Test
    void slow_whenAnswerLaterThanTheAttemptTimeout_publishesBeforeAnsweringSoARetryPublishesTwice() {
        endpoint.slow(Duration.ofMillis(1_500), FaultRate.always());

        try (IotDataPlaneClient impatient = client(
                endpoint.uri(),
                b -> b.apiCallAttemptTimeout(Duration.ofMillis(500))
                        .apiCallTimeout(Duration.ofSeconds(5))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(2)
                                .build()))) {
            SdkException thrown = catchThrowableOfType(SdkException.class, () -> publish(impatient, "late"));
            assertThat(thrown).isInstanceOfAny(ApiCallAttemptTimeoutException.class, ApiCallTimeoutException.class);
        }

        // The client asked twice and gave up; IoT published both attempts, and the device sees both.
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 2);
        assertThat(endpoint.requests()).isEqualTo(2);
        assertThat(endpoint.forwarded()).isEqualTo(2);
        assertThat(receivedPayloads()).containsExactly("late", "late");
    }

    @Test
    void publish_whenBrokerStopped_answers503AndForwardsNothingUntilItRuns() {
        broker.stop();
        try {
            ServiceUnavailableException thrown =
                    catchThrowableOfType(ServiceUnavailableException.class, () -> publish(noRetries, "while-down"));

            assertThat(thrown.statusCode()).isEqualTo(503);
            assertThat(endpoint.brokerUnavailable()).isEqualTo(1);
            assertThat(endpoint.forwarded()).isZero();
            assertThat(endpoint.publishes()).isEmpty();
        } finally {
            broker.restart();
        }
        publish(noRetries, "after-restart");

        assertThat(endpoint.forwarded()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> device.received().size() == 1);
        assertThat(receivedPayloads()).containsExactly("after-restart");
    }
}
