package com.qrrouter.local;

import com.qrrouter.local.internal.ExecutionEnvironments;
import com.qrrouter.local.internal.RouterProcess;
import com.qrrouter.local.internal.SqsEventSource;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run-time fault switches of a {@link LocalStack}, for a fault suite running in the same JVM. Test-only (local's
 * test-jar, never in a jar that ships): {@link #of(LocalStack)} takes a stack started with
 * {@link LocalStackConfig.Builder#faultInjection(boolean) faultInjection(true)}, which puts the fault proxies in the
 * router's way to DynamoDB and SQS (a plain stack has none). Every fault is off
 * when the stack starts, {@link #clear()} turns every fault off again, {@link #reset()} also zeroes the counters.
 *
 * <ul>
 *   <li>{@link #iot()}: the IoT data-plane endpoint the router publishes to: error answers and slow answers at a rate
 *       ({@link IotDataPlaneEndpoint#fail}, {@link IotDataPlaneEndpoint#slow}); counts requests, injected faults, slow
 *       answers and publishes forwarded to the broker.
 *   <li>{@link #routerDynamoDb()}: a proxy between the router and dynalite, throttling or failing operations
 *       ({@code GetItem}, {@code PutItem}, {@code UpdateItem}, {@code DeleteItem}…) at a rate. The stack's own set-up
 *       and {@link LocalStack#dynamoDb()} go to dynalite directly.
 *   <li>{@link #routerSqs()}: a proxy between the router and ElasticMQ, failing operations (the DLQ's
 *       {@code SendMessage}) at a rate. The event source and the API front go to ElasticMQ directly.
 *   <li>{@link #stopBroker()}, {@link #startBroker()}: the MQTT broker down and up again on the same port; while it
 *       is down, the IoT endpoint answers publishes {@code 503}.
 *   <li>{@link #killRouter()}: a router JVM (a busy one if any) killed (SIGKILL) whatever it is doing, as a crashed execution
 *       environment; {@link #stallRouter()}: the router's JVM stopped (SIGSTOP) mid-invocation, so the invocation
 *       overruns the function timeout and the JVM is killed then, as Lambda does.
 *   <li>{@link #deliverTwice(double)}: the event source puts a share of the messages into their batch twice (the same
 *       SQS message delivered twice at once, which a standard queue can do).
 * </ul>
 */
public final class LocalFaults {

    /** What the faults did, for a suite's accounting; see the counters of each switch. */
    public record Counts(
            int iotRequests,
            int iotFaultsInjected,
            int iotSlowAnswers,
            int iotForwarded,
            int iotBrokerUnavailable,
            Map<String, Long> dynamoDbRequests,
            Map<String, Long> dynamoDbFaultsInjected,
            Map<String, Long> sqsRequests,
            Map<String, Long> sqsFaultsInjected,
            long brokerRestarts,
            int routerKills,
            int routerStalls,
            long duplicatesDelivered) {

        @Override
        public String toString() {
            return String.join(
                    "\n",
                    "IoT endpoint: requests=" + iotRequests + " injected=" + iotFaultsInjected + " slow="
                            + iotSlowAnswers + " forwarded=" + iotForwarded + " brokerUnavailable="
                            + iotBrokerUnavailable,
                    "router DynamoDB: requests=" + dynamoDbRequests + " injected=" + dynamoDbFaultsInjected,
                    "router SQS: requests=" + sqsRequests + " injected=" + sqsFaultsInjected,
                    "MQTT broker: restarts=" + brokerRestarts,
                    "router JVM: kills=" + routerKills + " stalls=" + routerStalls,
                    "event source: messages delivered twice=" + duplicatesDelivered);
        }
    }

    private final IotDataPlaneEndpoint iot;
    private final AwsJsonFaultProxy routerDynamoDb;
    private final AwsJsonFaultProxy routerSqs;
    private final EmbeddedMqttBroker broker;
    private final ExecutionEnvironments<RouterProcess> routers;
    private final SqsEventSource eventSource;
    private final AtomicInteger routerKills = new AtomicInteger();
    private final AtomicInteger routerStalls = new AtomicInteger();

    /**
     * The fault switches of {@code stack}.
     *
     * @throws IllegalArgumentException if the stack was started without fault injection
     */
    public static LocalFaults of(LocalStack stack) {
        String fix = ": start it with LocalStackConfig.builder().faultInjection(true)";
        return new LocalFaults(
                stack.iotData(),
                stack.routerDynamoDbProxy()
                        .orElseThrow(() -> new IllegalArgumentException("The stack has no fault proxies" + fix)),
                stack.routerSqsProxy()
                        .orElseThrow(() -> new IllegalArgumentException("The stack has no fault proxies" + fix)),
                stack.broker(),
                stack.routers(),
                stack.eventSource());
    }

    private LocalFaults(
            IotDataPlaneEndpoint iot,
            AwsJsonFaultProxy routerDynamoDb,
            AwsJsonFaultProxy routerSqs,
            EmbeddedMqttBroker broker,
            ExecutionEnvironments<RouterProcess> routers,
            SqsEventSource eventSource) {
        this.iot = Objects.requireNonNull(iot, "iot");
        this.routerDynamoDb = Objects.requireNonNull(routerDynamoDb, "routerDynamoDb");
        this.routerSqs = Objects.requireNonNull(routerSqs, "routerSqs");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.routers = Objects.requireNonNull(routers, "routers");
        this.eventSource = Objects.requireNonNull(eventSource, "eventSource");
    }

    /** The IoT data-plane endpoint: {@code fail(AwsError.IOT_THROTTLING, FaultRate.everyNth(4))}, {@code slow(…)}. */
    public IotDataPlaneEndpoint iot() {
        return iot;
    }

    /** The router's way to DynamoDB: {@code fail("PutItem", AwsError.DYNAMODB_…, rate)}. */
    public AwsJsonFaultProxy routerDynamoDb() {
        return routerDynamoDb;
    }

    /** The router's way to SQS (the DLQ): {@code fail("SendMessage", AwsError.SQS_INTERNAL_ERROR, rate)}. */
    public AwsJsonFaultProxy routerSqs() {
        return routerSqs;
    }

    /**
     * Throttles the router's DynamoDB {@code operations} at {@code rate} with
     * {@code ProvisionedThroughputExceededException}, as a table over its capacity answers.
     */
    public LocalFaults throttleDynamoDb(FaultRate rate, String... operations) {
        for (String operation : operations) {
            routerDynamoDb.fail(operation, AwsError.DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED, rate);
        }
        return this;
    }

    /** Fails the router's {@code SendMessage} calls (its only SQS call: parking in the DLQ) with {@code error}. */
    public LocalFaults failDeadLetterSends(AwsError error, FaultRate rate) {
        routerSqs.fail("SendMessage", error, rate);
        return this;
    }

    /** Stops the MQTT broker: subscribers are disconnected, the IoT endpoint answers publishes {@code 503}. */
    public LocalFaults stopBroker() {
        broker.stop();
        return this;
    }

    /** Starts the MQTT broker again on the same port, with its persistent sessions and their queued messages. */
    public LocalFaults startBroker() {
        broker.restart();
        return this;
    }

    /** Stops the broker, waits {@code downtime}, starts it again. */
    public LocalFaults restartBroker(Duration downtime) {
        stopBroker();
        try {
            Thread.sleep(downtime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            startBroker();
        }
        return this;
    }

    public boolean isBrokerRunning() {
        return broker.isRunning();
    }

    /**
     * Kills the router's JVM at once (SIGKILL): the invocation in flight fails, its records come back after the
     * visibility timeout, and the next batch starts a fresh JVM. Returns whether a JVM was running.
     */
    public boolean killRouter() {
        Optional<RouterProcess> router = routers.pickBusyFirst();
        boolean running = router.isPresent() && router.get().pid().isPresent();
        router.ifPresent(RouterProcess::kill);
        if (running) {
            routerKills.incrementAndGet();
        }
        return running;
    }

    /**
     * Stops the router's JVM (SIGSTOP) where it is, as a stuck execution environment: the invocation in flight
     * overruns the function timeout, fails, and the JVM is killed then (the next batch starts a fresh one). Returns
     * whether a JVM was running.
     */
    public boolean stallRouter() {
        boolean stalled = routers.pickBusyFirst().map(RouterProcess::stall).orElse(false);
        if (stalled) {
            routerStalls.incrementAndGet();
        }
        return stalled;
    }

    /** Puts a share ({@code 0} to {@code 1}) of the received messages into their batch twice. */
    public LocalFaults deliverTwice(double rate) {
        eventSource.deliverTwice(rate);
        return this;
    }

    /** Every fault off: IoT errors, slow answers and fixed latency, proxy errors; a stopped broker started again. */
    public LocalFaults clear() {
        iot.clearFaults().latency(Duration.ZERO);
        eventSource.deliverTwice(0);
        routerDynamoDb.clearFaults();
        routerSqs.clearFaults();
        if (!broker.isRunning()) {
            broker.restart();
        }
        return this;
    }

    /**
     * {@link #clear()}, and the counters back to zero (the IoT endpoint's recorded publishes too); the broker's
     * {@link EmbeddedMqttBroker#restarts()} counts since the stack started.
     */
    public LocalFaults reset() {
        clear();
        iot.reset();
        routerDynamoDb.resetCounters();
        routerSqs.resetCounters();
        return this;
    }

    /** The counters of every switch now. */
    public Counts counts() {
        return new Counts(
                iot.requests(),
                iot.faultsInjected(),
                iot.slowAnswers(),
                iot.forwarded(),
                iot.brokerUnavailable(),
                routerDynamoDb.requests(),
                routerDynamoDb.faultsInjected(),
                routerSqs.requests(),
                routerSqs.faultsInjected(),
                broker.restarts(),
                routerKills.get(),
                routerStalls.get(),
                eventSource.duplicatesDelivered());
    }
}
