package com.qrrouter.e2e;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.auth.credentials.DefaultChainCredentialsProvider;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.PublishReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * A device on MQTT 5 with the AWS IoT Device SDK v2 (its CRT {@link Mqtt5Client}): over a WebSocket signed with SigV4
 * from the default credentials chain to AWS IoT Core ({@link #iotCore}), or plain MQTT to a local broker
 * ({@link #local}). Connects, subscribes with QoS 1 and returns after the SUBACK; every wait is bounded.
 */
final class Mqtt5Device implements Device {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration SUBACK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final long KEEP_ALIVE_SECONDS = 30;

    private final Events events;
    private final Mqtt5Client client;

    private Mqtt5Device(Function<Events, Mqtt5Client> factory) {
        this.events = new Events();
        this.client = factory.apply(events);
    }

    /** A device on the broker at {@code host:port} (no TLS, no authentication), subscribed to {@code topicFilter}. */
    static Mqtt5Device local(String host, int port, String clientId, String topicFilter) {
        return new Mqtt5Device(
                        events -> new Mqtt5Client(new Mqtt5ClientOptions.Mqtt5ClientOptionsBuilder(host, (long) port)
                                .withConnectOptions(new ConnectPacket.ConnectPacketBuilder()
                                        .withClientId(clientId)
                                        .withKeepAliveIntervalSeconds(KEEP_ALIVE_SECONDS)
                                        .build())
                                .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN)
                                .withConnackTimeoutMs(CONNECT_TIMEOUT.toMillis())
                                .withLifecycleEvents(events)
                                .withPublishEvents(events)
                                .build()))
                .start(topicFilter);
    }

    /**
     * A device on AWS IoT Core at {@code endpoint} (the stage's {@code IotDataEndpoint} output), MQTT 5 over a
     * WebSocket on 443 signed with SigV4 by the default credentials chain, subscribed to {@code topicFilter}.
     */
    static Mqtt5Device iotCore(String endpoint, String region, String clientId, String topicFilter) {
        return new Mqtt5Device(events -> {
                    try (DefaultChainCredentialsProvider credentials =
                                    new DefaultChainCredentialsProvider.DefaultChainCredentialsProviderBuilder()
                                            .build();
                            AwsIotMqtt5ClientBuilder builder =
                                    iotCoreBuilder(endpoint, region, credentials, clientId)) {
                        return builder.withLifeCycleEvents(events)
                                .withPublishEvents(events)
                                .build();
                    }
                })
                .start(topicFilter);
    }

    /**
     * The SDK builder of {@link #iotCore}: SigV4 WebSocket to {@code endpoint} in {@code region} with
     * {@code credentials}, client id {@code clientId}, clean session, bounded CONNACK wait. Package-private so that a
     * test checks its configuration without connecting.
     */
    static AwsIotMqtt5ClientBuilder iotCoreBuilder(
            String endpoint, String region, CredentialsProvider credentials, String clientId) {
        AwsIotMqtt5ClientBuilder.WebsocketSigv4Config sigv4 = new AwsIotMqtt5ClientBuilder.WebsocketSigv4Config();
        sigv4.credentialsProvider = credentials;
        sigv4.region = region;
        return AwsIotMqtt5ClientBuilder.newWebsocketMqttBuilderWithSigv4Auth(endpoint, sigv4)
                .withConnectProperties(new ConnectPacket.ConnectPacketBuilder()
                        .withClientId(clientId)
                        .withKeepAliveIntervalSeconds(KEEP_ALIVE_SECONDS))
                .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN)
                .withConnackTimeoutMs(CONNECT_TIMEOUT.toMillis());
    }

    private Mqtt5Device start(String topicFilter) {
        try {
            client.start();
            events.connected.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            SubAckPacket subAck = client.subscribe(new SubscribePacket.SubscribePacketBuilder()
                            .withSubscription(topicFilter, QOS.AT_LEAST_ONCE)
                            .build())
                    .get(SUBACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (subAck.getReasonCodes().size() != 1
                    || subAck.getReasonCodes().get(0) != SubAckPacket.SubAckReasonCode.GRANTED_QOS_1) {
                throw new IllegalStateException("The broker refused the QoS 1 subscription to " + topicFilter + ": "
                        + subAck.getReasonCodes() + " (on AWS IoT Core: does the tester's policy allow it?)");
            }
            return this;
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException(
                    "MQTT 5 device could not connect and subscribe to " + topicFilter + " within "
                            + CONNECT_TIMEOUT.plus(SUBACK_TIMEOUT) + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<ReceivedMessage> received() {
        return List.copyOf(events.received);
    }

    @Override
    public void close() {
        try {
            client.stop();
            events.stopped.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Stopping is best effort: the session is clean, nothing is left on the broker.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    private static final class Events implements Mqtt5ClientOptions.LifecycleEvents, Mqtt5ClientOptions.PublishEvents {
        private final CompletableFuture<Void> connected = new CompletableFuture<>();
        private final CompletableFuture<Void> stopped = new CompletableFuture<>();
        private final List<ReceivedMessage> received = new CopyOnWriteArrayList<>();

        @Override
        public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn result) {}

        @Override
        public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn result) {
            connected.complete(null);
        }

        @Override
        public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn result) {
            String reason = CRT.awsErrorName(result.getErrorCode())
                    + (result.getConnAckPacket() == null
                            ? ""
                            : " " + result.getConnAckPacket().getReasonCode());
            connected.completeExceptionally(new IllegalStateException("connection failed: " + reason));
        }

        @Override
        public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn result) {}

        @Override
        public void onStopped(Mqtt5Client client, OnStoppedReturn result) {
            stopped.complete(null);
        }

        @Override
        public void onMessageReceived(Mqtt5Client client, PublishReturn result) {
            PublishPacket publish = result.getPublishPacket();
            List<Map.Entry<String, String>> properties = publish.getUserProperties() == null
                    ? List.of()
                    : publish.getUserProperties().stream()
                            .<Map.Entry<String, String>>map(p -> new AbstractMap.SimpleImmutableEntry<>(p.key, p.value))
                            .toList();
            received.add(new ReceivedMessage(
                    publish.getTopic(),
                    publish.getPayload() == null ? new byte[0] : publish.getPayload(),
                    publish.getQOS().getValue(),
                    publish.getContentType(),
                    publish.getPayloadFormat() == null
                            ? null
                            : publish.getPayloadFormat() == PublishPacket.PayloadFormatIndicator.UTF8,
                    publish.getCorrelationData(),
                    properties));
        }
    }
}
