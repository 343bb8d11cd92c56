package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThatCode;
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

/** The check that a stand-in's port answers on 127.0.0.1 and refuses connections on the machine's other addresses. */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * Asserts every port answers on loopback and refuses on the machine's first non-loopback IPv4 address; a machine
     * without one cannot tell, so the test is skipped (and the build's skipped-test gate fails).
     */
    public static void assertLoopbackOnly(int... ports) throws IOException {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "the machine has no non-loopback IPv4 address to try");
        for (int port : ports) {
            assertThatCode(() -> connect(InetAddress.getLoopbackAddress(), port))
                    .as("127.0.0.1:%d", port)
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> connect(external.get(), port))
                    .as("%s:%d", external.get(), port)
                    .isInstanceOf(IOException.class);
        }
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
