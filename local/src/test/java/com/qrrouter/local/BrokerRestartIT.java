package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MQTT broker stopped and started again on its port while a device stays subscribed: every publish the IoT endpoint
 * accepted reaches the device (also those accepted before the device had reconnected: its persistent session queued
 * them), every publish made while the broker was down is answered 503.
 */
class BrokerRestartIT {

    private static final String TOPIC = "qr-router/it/Restart";
    private static final Duration DOWNTIME = Duration.ofMillis(1_500);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void restart_whenDeviceStaysSubscribed_deliversEveryAcceptedPublishAndRefusesTheRestWith503() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start();
                IotDataPlaneEndpoint endpoint = IotDataPlaneEndpoint.start(broker);
                MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
            List<String> accepted = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            int sent = 0;
            for (; sent < 3; sent++) {
                publish(endpoint, "before-" + sent, accepted, refused);
            }

            // Stopped once the device has what was sent before: a message still unacknowledged when the broker stops
            // comes again after the restart (QoS 1 is at least once, on AWS IoT Core too).
            await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == accepted.size());
            Thread.sleep(200);
            // The device comes back only when let: the broker's listener is open before its start is over, so a
            // device retrying every second would often be back before the first publish after the restart.
            device.holdReconnection();
            broker.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !device.isConnected());
            long downSince = System.nanoTime();
            while (System.nanoTime() - downSince < DOWNTIME.toNanos()) {
                publish(endpoint, "down-" + sent++, accepted, refused);
                Thread.sleep(100);
            }
            broker.restart();
            // Accepted by the restarted broker while the device had not reconnected: only its session's queue keeps
            // them.
            List<String> acceptedBeforeReconnect = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String payload = "gap-" + sent++;
                if (publish(endpoint, payload, accepted, refused) && !device.isConnected()) {
                    acceptedBeforeReconnect.add(payload);
                }
            }
            device.releaseReconnection();
            long upSince = System.nanoTime();
            while (!device.isConnected()
                    && System.nanoTime() - upSince < Duration.ofSeconds(5).toNanos()) {
                String payload = "gap-" + sent++;
                if (publish(endpoint, payload, accepted, refused) && !device.isConnected()) {
                    acceptedBeforeReconnect.add(payload);
                }
                Thread.sleep(20);
            }
            for (int i = 0; i < 3; i++) {
                publish(endpoint, "after-" + sent++, accepted, refused);
            }

            assertThat(refused)
                    .isNotEmpty()
                    .allSatisfy(payload -> assertThat(payload).startsWith("down-"));
            assertThat(accepted).noneMatch(payload -> payload.startsWith("down-"));
            assertThat(acceptedBeforeReconnect)
                    .as("publishes accepted before the device reconnected")
                    .isNotEmpty();
            assertThat(endpoint.brokerUnavailable()).isEqualTo(refused.size());
            assertThat(endpoint.forwarded()).isEqualTo(accepted.size());
            assertThat(device.connects()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> device.received().size() >= accepted.size());
            Thread.sleep(500);
            assertThat(device.received())
                    .extracting(message -> new String(message.payload(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    @Test
    void restart_whenOtherDevicesLeftSessionsBehind_deliversWhatWasQueuedForTheReconnectingDevice() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start()) {
            // Devices that came and went, then a device that got a message before the restart (Moquette 0.17, the
            // broker before HiveMQ CE, lost the message queued for it after the restart when their sessions stayed in
            // its store).
            for (int i = 0; i < 3; i++) {
                try (MqttSubscriber gone = MqttSubscriber.subscribe(broker, TOPIC)) {
                    assertThat(broker.publish(TOPIC, bytes("to-gone-" + i))).isTrue();
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> gone.received().size() == 1);
                }
            }
            try (MqttSubscriber device = MqttSubscriber.subscribe(broker, TOPIC)) {
                assertThat(broker.publish(TOPIC, bytes("before"))).isTrue();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> device.received().size() == 1);
                device.holdReconnection();
                broker.stop();
                await().atMost(Duration.ofSeconds(5)).until(() -> !device.isConnected());
                Thread.sleep(DOWNTIME.toMillis());
                broker.restart();

                assertThat(broker.publish(TOPIC, bytes("queued"))).isTrue();
                assertThat(device.isConnected())
                        .as("the device has not reconnected yet")
                        .isFalse();
                device.releaseReconnection();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> device.received().size() == 2);
                Thread.sleep(500);
                assertThat(device.received())
                        .extracting(message -> new String(message.payload(), StandardCharsets.UTF_8))
                        .containsExactly("before", "queued");
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes through the endpoint; true if answered 200, false if 503 (anything else fails the test). */
    private boolean publish(IotDataPlaneEndpoint endpoint, String payload, List<String> accepted, List<String> refused)
            throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(endpoint.uri() + "/topics/" + TOPIC.replace("/", "%2F") + "?qos=1"))
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
            accepted.add(payload);
            return true;
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).contains("ServiceUnavailableException");
        refused.add(payload);
        return false;
    }
}
