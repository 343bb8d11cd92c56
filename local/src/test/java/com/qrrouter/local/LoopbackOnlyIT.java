package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every stand-in answers on 127.0.0.1 and refuses connections on the machine's other addresses. */
class LoopbackOnlyIT {

    @Test
    void start_whenStarted_listensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "the machine has no non-loopback IPv4 address to try");
        try (DynamoDbEmulator dynamoDb = DynamoDbEmulator.start();
                LocalSqs sqs = LocalSqs.start();
                EmbeddedMqttBroker broker = EmbeddedMqttBroker.start();
                IotDataPlaneEndpoint iot = IotDataPlaneEndpoint.start(broker);
                AwsJsonFaultProxy dynamoDbProxy = AwsJsonFaultProxy.forDynamoDb(dynamoDb.endpoint());
                AwsJsonFaultProxy sqsProxy = AwsJsonFaultProxy.forSqs(sqs.endpoint())) {
            int[] ports = {
                dynamoDb.endpoint().getPort(),
                sqs.endpoint().getPort(),
                broker.port(),
                iot.uri().getPort(),
                dynamoDbProxy.uri().getPort(),
                sqsProxy.uri().getPort()
            };
            for (int port : ports) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port))
                        .as("127.0.0.1:%d", port)
                        .isTrue();
                assertThatThrownBy(() -> connect(external.get(), port))
                        .as("%s:%d", external.get(), port)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        connect(address, port);
        return true;
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
        }
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }
}
