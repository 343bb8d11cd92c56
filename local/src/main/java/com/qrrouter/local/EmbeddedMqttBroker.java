package com.qrrouter.local;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.migration.meta.PersistenceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
 * An embedded MQTT broker (HiveMQ Community Edition, MQTT 3.1.1 and 5) on a loopback port, as the device side of AWS
 * IoT Core: anonymous clients, an empty client id accepted (the broker assigns one), MQTT 5 properties of a publish
 * delivered to MQTT 5 subscribers and left out for MQTT 3.1.1 ones.
 *
 * <p>Sessions, subscriptions and the QoS 1 messages queued for a disconnected persistent session (clean session false,
 * or a session expiry interval) are kept in HiveMQ's file persistence in a temporary directory, deleted on
 * {@link #close()}, so that the broker can be {@linkplain #stop() stopped} and {@linkplain #restart() started again} on
 * the same port at run time, as a fault, and a device with a persistent session still gets every message accepted
 * while it was reconnecting. HiveMQ runs without its logging bootstrap: it logs through SLF4J like the other stand-ins.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    /** How long a publish may take to reach the sessions of its subscribers before it counts as not accepted. */
    private static final long ROUTING_TIMEOUT_SECONDS = 5;

    private static final long START_STOP_TIMEOUT_SECONDS = 60;

    /**
     * Messages a disconnected persistent session may queue (HiveMQ's default is 1000, then it discards): a soak run
     * queues more while the broker restarts.
     */
    private static final long MAX_QUEUED_MESSAGES = 1_000_000;

    static {
        tuneForOneMachine();
    }

    private final int port;
    private final Path home;
    /** Publishes hold the read lock, stop and start the write lock: no publish is half done across a restart. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final AtomicLong restarts = new AtomicLong();
    /** The running HiveMQ; {@code null} while stopped. */
    private EmbeddedHiveMQ hiveMq;
    /**
     * This broker's publish service, taken when its extension starts: {@link Services} is one static for the JVM, and
     * it serves the broker started last when several run (tests).
     */
    private volatile PublishService publishService;

    private EmbeddedMqttBroker(int port, Path home) {
        this.port = port;
        this.home = home;
    }

    /**
     * A new HiveMQ on the broker's folders. Each start takes a new one: a stopped {@code EmbeddedHiveMQ} cannot start
     * again (its metric registry outlives the stop, and the second start fails on "A metric named … already exists").
     */
    private EmbeddedHiveMQ newHiveMq() {
        return EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("qr-router-local")
                        .withName("QR Router local stack")
                        .withVersion("1")
                        .withExtensionMain(new PublishingExtension(this))
                        .build())
                .withoutLoggingBootstrap()
                .build();
    }

    /**
     * HiveMQ's persistence is sized for a production server: 64 buckets per store (hundreds of Xodus environments) and
     * RocksDB for payloads and retained messages. For a stand-in with a handful of clients, 4 buckets of Xodus alone
     * start in a fraction of the time (a restart in about 0.15 s instead of 0.7 s). These are JVM-wide settings of
     * HiveMQ, read when a broker starts; every broker of this JVM gets the same. The shutdown grace period (2 s) stays:
     * shorter, the acknowledgements a device sent while the broker stopped are lost and their messages sent again.
     */
    private static void tuneForOneMachine() {
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(4);
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(4);
        InternalConfigurations.PAYLOAD_PERSISTENCE_TYPE.set(PersistenceType.FILE);
        InternalConfigurations.RETAINED_MESSAGE_PERSISTENCE_TYPE.set(PersistenceType.FILE);
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
        Path home;
        try {
            home = Files.createTempDirectory("qr-router-mqtt-");
            for (String folder : new String[] {"conf", "data", "extensions"}) {
                Files.createDirectories(home.resolve(folder));
            }
            Files.writeString(home.resolve("conf").resolve("config.xml"), config(chosen), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("No temporary directory for the MQTT broker's store", e);
        }
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(chosen, home);
        try {
            broker.lock.writeLock().lock();
            try {
                broker.startServer();
            } finally {
                broker.lock.writeLock().unlock();
            }
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static String config(int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>%d</max-queue-size>
                    </queued-messages>
                  </mqtt>
                  <security>
                    <allow-empty-client-id>
                      <enabled>true</enabled>
                    </allow-empty-client-id>
                  </security>
                  <persistence>
                    <mode>file</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, MAX_QUEUED_MESSAGES);
    }

    /** Called with the write lock held. */
    private void startServer() {
        EmbeddedHiveMQ started = newHiveMq();
        try {
            started.start().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hiveMq = started;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(started);
            throw new IllegalStateException("Interrupted while the MQTT broker started", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(started);
            throw new IllegalStateException(
                    "MQTT broker did not start on 127.0.0.1:" + port + " (is the port in use? --mqtt-port moves it)",
                    e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** Called with the write lock held. */
    private void stopServer() {
        if (hiveMq == null) {
            return;
        }
        EmbeddedHiveMQ stopping = hiveMq;
        hiveMq = null;
        try {
            stopping.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the MQTT broker stopped", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("MQTT broker on port " + port + " did not stop", e.getCause());
        }
    }

    private void closeQuietly(EmbeddedHiveMQ failed) {
        try {
            failed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("MQTT broker that failed to start did not close [port={}]", port, e);
        }
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
            return hiveMq != null;
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
            if (hiveMq != null) {
                stopServer();
                LOG.info("MQTT broker stopped [port={}]", port);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Starts the broker again on the same port with the sessions, subscriptions and queued messages it had, stopping it
     * first if it runs. Persistent sessions get their queued messages when they reconnect.
     */
    public void restart() {
        lock.writeLock().lock();
        try {
            stopServer();
            startServer();
            restarts.incrementAndGet();
            LOG.info("MQTT broker started again [port={}]", port);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Publishes to subscribers of {@code topic} with QoS 1 and no MQTT 5 property.
     *
     * @see #publish(String, byte[], int, Mqtt5Properties)
     */
    public boolean publish(String topic, byte[] payload) {
        return publish(topic, payload, 1, Mqtt5Properties.none());
    }

    /**
     * Publishes to subscribers of {@code topic}, as AWS IoT Core does after an {@code iot:Publish}: with {@code qos}
     * (0 or 1), not retained, with the given MQTT 5 properties (delivered to MQTT 5 subscribers only), and waits until
     * the message reached each subscriber's session (sent, or queued for a disconnected persistent session).
     *
     * @return {@code false} if the broker is stopped or the message did not reach every subscriber's session: it was
     *     not accepted, and an IoT endpoint must not answer it with success
     */
    public boolean publish(String topic, byte[] payload, int qos, Mqtt5Properties properties) {
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("QoS must be 0 or 1 (as on AWS IoT Core), got " + qos);
        }
        lock.readLock().lock();
        try {
            PublishService service = publishService;
            if (hiveMq == null || service == null) {
                return false;
            }
            service.publish(message(topic, payload, qos, properties)).get(ROUTING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
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

    private static com.hivemq.extension.sdk.api.services.publish.Publish message(
            String topic, byte[] payload, int qos, Mqtt5Properties properties) {
        PublishBuilder builder = Builders.publish()
                .topic(topic)
                .qos(qos == 1 ? Qos.AT_LEAST_ONCE : Qos.AT_MOST_ONCE)
                .retain(false)
                .payload(ByteBuffer.wrap(payload.clone()));
        properties.contentType().ifPresent(builder::contentType);
        properties.correlationData().map(ByteBuffer::wrap).ifPresent(builder::correlationData);
        properties.userProperties().forEach(property -> builder.userProperty(property.name(), property.value()));
        properties
                .payloadFormat()
                .map(format -> format == Mqtt5Properties.PayloadFormat.UTF_8
                        ? PayloadFormatIndicator.UTF_8
                        : PayloadFormatIndicator.UNSPECIFIED)
                .ifPresent(builder::payloadFormatIndicator);
        properties.messageExpiryInterval().ifPresent(builder::messageExpiryInterval);
        return builder.build();
    }

    /** Takes the broker's publish service when it starts (again), drops it when it stops. */
    private static final class PublishingExtension implements ExtensionMain {

        private final EmbeddedMqttBroker broker;

        private PublishingExtension(EmbeddedMqttBroker broker) {
            this.broker = broker;
        }

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            broker.publishService = Services.publishService();
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            broker.publishService = null;
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            stopServer();
        } catch (RuntimeException e) {
            LOG.warn("MQTT broker did not close cleanly [port={}]", port, e);
        } finally {
            lock.writeLock().unlock();
            deleteStore();
        }
    }

    private void deleteStore() {
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("MQTT broker store not deleted [path={}]", home, e);
        }
    }
}
