package com.qrrouter.local.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Makes the stand-ins' HTTP servers (the Runtime API, the API front, the token endpoint, the IoT data-plane endpoint):
 * the JDK's {@link HttpServer} on {@code 127.0.0.1} only, with {@code TCP_NODELAY} on its connections.
 *
 * <p>Without {@code TCP_NODELAY}, Nagle's algorithm holds the second write of an answer (the body after the headers)
 * until the client acknowledges the first, and the client delays that acknowledgement: the Runtime API's {@code /next}
 * answers and the API front's answers waited for it, and the local stack's end-to-end rate under load fell from 268 to
 * 193 scans/s (docs/performance.md, 2026-12-06). The JDK's server reads its switch, the system property
 * {@value #NO_DELAY_PROPERTY}, once, when its first server is made: it is set here, before that, unless the JVM was
 * started with it.
 */
public final class LoopbackHttpServer {

    /** The JDK HTTP server's switch for {@code TCP_NODELAY} on accepted connections. */
    public static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private LoopbackHttpServer() {}

    /**
     * An unstarted HTTP server bound to {@code 127.0.0.1:port}.
     *
     * @param port the port, {@code 0} for a free one
     * @param backlog the listen backlog, {@code 0} for the system's default
     */
    public static HttpServer create(int port, int backlog) throws IOException {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
