package com.qrrouter.local;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The run-time fault switches of a {@link LocalStack}, for a fault suite running in the same JVM: every fault is off
 * when the stack starts, {@link #clear()} turns every fault off again, {@link #reset()} also zeroes the counters.
 *
 * <ul>
 *   <li>{@link #iot()}: the IoT data-plane endpoint the router publishes to: error answers and slow answers at a rate
 *       ({@link IotDataPlaneEndpoint#fail}, {@link IotDataPlaneEndpoint#slow}); counts requests, injected faults, slow
 *       answers and publishes forwarded to the broker.
 *   <li>{@link #routerDynamoDb()}: a proxy between the router and DynamoDB Local, throttling or failing operations
 *       ({@code GetItem}, {@code PutItem}, {@code UpdateItem}, {@code DeleteItem}…) at a rate. The stack's own set-up
 *       and {@link LocalStack#dynamoDb()} go to DynamoDB Local directly.
 *   <li>{@link #routerSqs()}: a proxy between the router and ElasticMQ, failing operations (the DLQ's
 *       {@code SendMessage}) at a rate. The event source and the API front go to ElasticMQ directly.
 *   <li>{@link #stopBroker()}, {@link #startBroker()}: the MQTT broker down and up again on the same port; while it
 *       is down, the IoT endpoint answers publishes {@code 503}.
 * </ul>
 *
 * <p>Not here (they belong to the classes that run them): killing the router's JVM, and an SQS message delivered twice
 * at once by the event source.
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
            long brokerRestarts) {

        @Override
        public String toString() {
            return String.join(
                    "\n",
                    "IoT endpoint: requests=" + iotRequests + " injected=" + iotFaultsInjected + " slow="
                            + iotSlowAnswers + " forwarded=" + iotForwarded + " brokerUnavailable="
                            + iotBrokerUnavailable,
                    "router DynamoDB: requests=" + dynamoDbRequests + " injected=" + dynamoDbFaultsInjected,
                    "router SQS: requests=" + sqsRequests + " injected=" + sqsFaultsInjected,
                    "MQTT broker: restarts=" + brokerRestarts);
        }
    }

    private final IotDataPlaneEndpoint iot;
    private final AwsJsonFaultProxy routerDynamoDb;
    private final AwsJsonFaultProxy routerSqs;
    private final EmbeddedMqttBroker broker;

    LocalFaults(
            IotDataPlaneEndpoint iot,
            AwsJsonFaultProxy routerDynamoDb,
            AwsJsonFaultProxy routerSqs,
            EmbeddedMqttBroker broker) {
        this.iot = Objects.requireNonNull(iot, "iot");
        this.routerDynamoDb = Objects.requireNonNull(routerDynamoDb, "routerDynamoDb");
        this.routerSqs = Objects.requireNonNull(routerSqs, "routerSqs");
        this.broker = Objects.requireNonNull(broker, "broker");
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

    /** Every fault off: IoT errors, slow answers and fixed latency, proxy errors; a stopped broker started again. */
    public LocalFaults clear() {
        iot.clearFaults().latency(Duration.ZERO);
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
                broker.restarts());
    }
}
