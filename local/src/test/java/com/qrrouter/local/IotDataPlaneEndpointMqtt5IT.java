package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException;
import software.amazon.awssdk.services.iotdataplane.model.PayloadFormatIndicator;
import software.amazon.awssdk.services.iotdataplane.model.PublishRequest;

/**
 * What a device gets from an {@code iot:Publish} made with the SDK's {@code IotDataPlaneClient}, as the router makes it,
 * through the IoT data-plane endpoint and the broker: an MQTT 5 subscriber gets the body byte for byte with the QoS and
 * the MQTT 5 properties (content type, payload format indicator, correlation data, user properties in order), an MQTT
 * 3.1.1 subscriber with an empty client id gets the body alone, as from AWS IoT Core.
 */
class IotDataPlaneEndpointMqtt5IT {

    private static final String TOPIC = "qr-router/it/Mqtt5";
    private static final String BODY = LocalStack.SEED_SAMPLE;
    private static final String REQUEST_ID = "c0ffee00-1234-4abc-9def-0123456789ab";

    private static EmbeddedMqttBroker broker;
    private static IotDataPlaneEndpoint endpoint;
    private static IotDataPlaneClient iot;

    @BeforeAll
    static void start() {
        broker = EmbeddedMqttBroker.start();
        endpoint = IotDataPlaneEndpoint.start(broker);
        iot = IotDataPlaneEndpointFaultsIT.client(endpoint.uri(), b -> {});
    }

    @AfterAll
    static void stop() {
        iot.close();
        endpoint.close();
        broker.close();
    }

    /** The request {@code IotDataPlanePublisher} makes (router-function), with a second user property. */
    private static PublishRequest routerLikeRequest(int qos) {
        return PublishRequest.builder()
                .topic(TOPIC)
                .qos(qos)
                .retain(false)
                .payload(SdkBytes.fromUtf8String(BODY))
                .contentType("application/json")
                .payloadFormatIndicator(PayloadFormatIndicator.UTF8_DATA)
                .correlationData(Base64.getEncoder().encodeToString(REQUEST_ID.getBytes(StandardCharsets.UTF_8)))
                .userProperties("[{\"correlationId\":\"" + REQUEST_ID + "\"},{\"stage\":\"it\"},{\"stage\":\"é/+\"}]")
                .build();
    }

    @Test
    void publish_whenMqtt5DeviceSubscribed_deliversBodyQosAndEveryProperty() {
        try (MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
            iot.publish(routerLikeRequest(1));

            MqttSubscriber.Received received = await().atMost(Duration.ofSeconds(5))
                    .until(device::received, list -> list.size() == 1)
                    .get(0);
            assertThat(received.topic()).isEqualTo(TOPIC);
            assertThat(received.payload()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
            assertThat(received.qos()).isEqualTo(1);
            Mqtt5Properties properties = received.properties();
            assertThat(properties.contentType()).contains("application/json");
            assertThat(properties.payloadFormat()).contains(Mqtt5Properties.PayloadFormat.UTF_8);
            assertThat(properties.correlationDataText()).contains(REQUEST_ID);
            assertThat(properties.userProperties())
                    .containsExactly(
                            new Mqtt5Properties.UserProperty("correlationId", REQUEST_ID),
                            new Mqtt5Properties.UserProperty("stage", "it"),
                            new Mqtt5Properties.UserProperty("stage", "é/+"));
            assertThat(endpoint.publishes().get(endpoint.publishes().size() - 1).properties())
                    .isEqualTo(properties);
        }
    }

    /** The request the router makes for a fresh scan: QoS 1 with a message expiry of the time the scan has left. */
    private static PublishRequest expiringRequest(String body, long expirySeconds) {
        return PublishRequest.builder()
                .topic(TOPIC)
                .qos(1)
                .payload(SdkBytes.fromUtf8String(body))
                .messageExpiry(expirySeconds)
                .build();
    }

    @Test
    void publish_whenMessageExpirySet_deliversItWithTheTimeLeft() {
        try (MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
            iot.publish(expiringRequest(BODY, 30));

            MqttSubscriber.Received received = await().atMost(Duration.ofSeconds(5))
                    .until(device::received, list -> list.size() == 1)
                    .get(0);
            assertThat(received.properties().messageExpiryInterval())
                    .hasValueSatisfying(left -> assertThat(left).isBetween(29L, 30L));
            assertThat(endpoint.publishes().get(endpoint.publishes().size() - 1).messageExpiry())
                    .contains(30L);
        }
    }

    @Test
    void publish_whenDeviceOfflinePastTheExpiry_neverDeliversIt() throws InterruptedException {
        try (MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
            device.goOffline();
            iot.publish(expiringRequest("{\"expires\":\"soon\"}", 1));
            iot.publish(expiringRequest("{\"expires\":\"later\"}", 60));
            Thread.sleep(2_500);

            device.comeBack();

            await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 1);
            Thread.sleep(500);
            assertThat(device.received())
                    .extracting(received -> new String(received.payload(), StandardCharsets.UTF_8))
                    .containsExactly("{\"expires\":\"later\"}");
        }
    }

    @Test
    void publish_whenDeviceBackBeforeTheExpiry_deliversItOnce() throws InterruptedException {
        try (MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
            device.goOffline();
            iot.publish(expiringRequest(BODY, 10));
            Thread.sleep(1_000);

            device.comeBack();

            MqttSubscriber.Received received = await().atMost(Duration.ofSeconds(5))
                    .until(device::received, list -> list.size() == 1)
                    .get(0);
            assertThat(received.payload()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
            assertThat(received.properties().messageExpiryInterval())
                    .hasValueSatisfying(left -> assertThat(left).isBetween(1L, 9L));
            Thread.sleep(500);
            assertThat(device.received()).hasSize(1);
        }
    }

    @Test
    void publish_whenMessageExpiryNotANumber_answers400() {
        InvalidRequestException refused =
                catchThrowableOfType(InvalidRequestException.class, () -> iot.publish(expiringRequest(BODY, -1)));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("messageExpiry must be 0 to 4294967295 seconds, got -1");
    }

    @Test
    void publish_whenQosZeroAndNoProperty_deliversQosZeroWithoutProperties() {
        try (MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
            iot.publish(PublishRequest.builder()
                    .topic(TOPIC)
                    .qos(0)
                    .payload(SdkBytes.fromUtf8String(BODY))
                    .build());

            MqttSubscriber.Received received = await().atMost(Duration.ofSeconds(5))
                    .until(device::received, list -> list.size() == 1)
                    .get(0);
            assertThat(received.qos()).isZero();
            assertThat(received.properties().isEmpty()).isTrue();
        }
    }

    @Test
    void publish_whenMqtt311DeviceWithEmptyClientId_deliversTheBodyAlone() {
        Mqtt3AsyncClient device = MqttClient.builder()
                .useMqttVersion3()
                .identifier("")
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .buildAsync();
        List<Mqtt3Publish> received = new CopyOnWriteArrayList<>();
        device.publishes(MqttGlobalPublishFilter.ALL, received::add);
        device.connectWith().cleanSession(true).send().join();
        try {
            device.subscribeWith()
                    .topicFilter(TOPIC)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send()
                    .join();
            iot.publish(routerLikeRequest(1));

            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            assertThat(received.get(0).getPayloadAsBytes()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
            assertThat(received.get(0).getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        } finally {
            device.disconnect().join();
        }
    }

    @Test
    void connect_whenMqtt5ClientIdEmpty_isAcceptedWithAnAssignedId() {
        Mqtt5AsyncClient device = MqttClient.builder()
                .useMqttVersion5()
                .identifier("")
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .buildAsync();
        Mqtt5ConnAck connAck = device.connect().join();
        try {
            assertThat(connAck.getReasonCode().isError()).isFalse();
            assertThat(connAck.getAssignedClientIdentifier()).isPresent();
        } finally {
            device.disconnect().join();
        }
    }

    @Test
    void publish_whenUserPropertiesNotSingleKeyObjects_answers400AndPublishesNothing() {
        int forwarded = endpoint.forwarded();

        InvalidRequestException refused = catchThrowableOfType(
                InvalidRequestException.class,
                () -> iot.publish(PublishRequest.builder()
                        .topic(TOPIC)
                        .qos(1)
                        .payload(SdkBytes.fromUtf8String(BODY))
                        .userProperties("[{\"a\":\"1\",\"b\":\"2\"}]")
                        .build()));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(endpoint.forwarded()).isEqualTo(forwarded);
    }
}
