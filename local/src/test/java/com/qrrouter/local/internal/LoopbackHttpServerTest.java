package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {

    @Test
    void create_whenCalled_bindsToLoopbackAndTurnsOnTcpNoDelayForTheJdksServer() throws Exception {
        HttpServer server = LoopbackHttpServer.create(0, 0);
        try {
            assertThat(server.getAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(server.getAddress().getPort()).isPositive();
            assertThat(System.getProperty(LoopbackHttpServer.NO_DELAY_PROPERTY)).isEqualTo("true");
        } finally {
            server.stop(0);
        }
    }
}
