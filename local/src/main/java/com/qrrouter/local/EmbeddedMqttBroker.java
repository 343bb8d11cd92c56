package com.qrrouter.local;

import io.moquette.broker.RoutingResults;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded MQTT broker (Moquette, MQTT 3.1.1) on a loopback port, anonymous clients allowed. MQTT 5 properties of a
 * publish are not carried by it: {@link IotDataPlaneEndpoint} records them from the HTTP request instead.
 *
 * <p>Sessions, subscriptions and the messages queued for a disconnected persistent session (clean session false) are
 * kept in a file store in a temporary directory, deleted on {@link #close()}, so that the broker can be
 * {@linkplain #stop() stopped} and {@linkplain #restart() started again} on the same port at run time, as a fault, and
 * a device with a persistent session still gets every message accepted while it was reconnecting.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private static final String PUBLISHER_ID = "iot-data-plane";

    /** How long a publish may take to reach the sessions of its subscribers before it counts as not accepted. */
    private static final long ROUTING_TIMEOUT_SECONDS = 5;

    private final int port;
    private final Path dataPath;
    /** Publishes hold the read lock, stop and start the write lock: no publish is half done across a restart. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final AtomicLong restarts = new AtomicLong();
    private Server server;

    private EmbeddedMqttBroker(int port, Path dataPath) {
        this.port = port;
        this.dataPath = dataPath;
    }

    /** Starts the broker on a free loopback port. */
    public static EmbeddedMqttBroker start() {
        return start(0);
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port}.
     *
     * @param port the port, or {@code 0} for a free one
     */
    public static EmbeddedMqttBroker start(int port) {
        int chosen = FreePort.orFree(port);
        Path dataPath;
        try {
            dataPath = Files.createTempDirectory("qr-router-mqtt-");
        } catch (IOException e) {
            throw new UncheckedIOException("No temporary directory for the MQTT broker's store", e);
        }
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(chosen, dataPath);
        try {
            broker.startServer();
        } catch (RuntimeException e) {
            broker.deleteStore();
            throw e;
        }
        return broker;
    }

    private void startServer() {
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", String.valueOf(port));
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "true");
        properties.setProperty("data_path", dataPath.toString());
        // Moquette 0.17's segmented queue store loses a message queued for a session restored after a restart once
        // other sessions have been used (BrokerRestartIT); its H2 store does not, as long as clients that leave are
        // forgotten (ForgetLeavers).
        properties.setProperty("persistent_queue_type", "h2");
        properties.setProperty("netty.so_reuseaddr", "true");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("netty.mqtt.message_size", String.valueOf(256 * 1024));
        Server started = new Server();
        try {
            started.startServer(new MemoryConfig(properties), List.of(new ForgetLeavers()));
        } catch (IOException e) {
            throw new UncheckedIOException("MQTT broker did not start on port " + port, e);
        }
        server = started;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:port}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Whether the broker is running (not {@linkplain #stop() stopped}). */
    public boolean isRunning() {
        lock.readLock().lock();
        try {
            return server != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many times the broker was started again after a {@link #stop()}. */
    public long restarts() {
        return restarts.get();
    }

    /**
     * Stops the broker as a crash of the service would: every client is disconnected, the port refuses connections,
     * {@link #publish} answers {@code false}. Sessions, subscriptions and queued messages stay in the store. Waits for
     * publishes in progress to finish first. Nothing happens if it is already stopped.
     */
    public void stop() {
        lock.writeLock().lock();
        try {
            if (server != null) {
                server.stopServer();
                server = null;
                LOG.info("MQTT broker stopped [port={}]", port);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Starts the broker again on the same port with the sessions, subscriptions and queued messages it had, stopping it
     * first if it runs. Persistent sessions (clean session false) get their queued messages when they reconnect.
     */
    public void restart() {
        lock.writeLock().lock();
        try {
            if (server != null) {
                server.stopServer();
                server = null;
            }
            startServer();
            restarts.incrementAndGet();
            LOG.info("MQTT broker started again [port={}]", port);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Publishes to subscribers of {@code topic} with QoS 1, as AWS IoT Core does after an {@code iot:Publish}, and waits
     * until the message reached each subscriber's session (sent, or queued for a disconnected persistent session).
     *
     * @return {@code false} if the broker is stopped or the message did not reach every subscriber's session: it was
     *     not accepted, and an IoT endpoint must not answer it with success
     */
    public boolean publish(String topic, byte[] payload) {
        lock.readLock().lock();
        try {
            if (server == null) {
                return false;
            }
            RoutingResults results = server.internalPublish(
                    MqttMessageBuilders.publish()
                            .topicName(topic)
                            .qos(MqttQoS.AT_LEAST_ONCE)
                            .retained(false)
                            .payload(Unpooled.wrappedBuffer(payload))
                            .build(),
                    PUBLISHER_ID);
            results.completableFuture().get(ROUTING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return results.isAllSuccess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("MQTT publish not accepted by the broker [port={}]", port, e);
            return false;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A client that says DISCONNECT leaves for good here: its session is dropped. Sessions of devices that came and
     * went would otherwise stay in the store, and Moquette 0.17 then loses messages queued for a session restored after
     * a restart (BrokerRestartIT), or cannot restart at all. A lost connection (a broker restart, a network failure)
     * keeps the session.
     */
    private final class ForgetLeavers extends AbstractInterceptHandler {

        @Override
        public String getID() {
            return "forget-clients-that-disconnect";
        }

        @Override
        public void onDisconnect(InterceptDisconnectMessage message) {
            lock.readLock().lock();
            try {
                if (server != null) {
                    server.disconnectAndPurgeClientState(message.getClientID());
                }
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            LOG.warn("MQTT broker session loop failed [port={}]", port, error);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteStore();
        }
    }

    private void deleteStore() {
        try (Stream<Path> paths = Files.walk(dataPath)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("MQTT broker store not deleted [path={}]", dataPath, e);
        }
    }
}
