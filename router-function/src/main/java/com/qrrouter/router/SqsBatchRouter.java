package com.qrrouter.router;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.internal.BatchMetrics;
import com.qrrouter.router.internal.Deadline;
import com.qrrouter.router.internal.Outcome;
import com.qrrouter.router.internal.RecordRouter;
import com.qrrouter.router.internal.RetryReason;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;

/**
 * Routes every record of an SQS batch concurrently on a bounded pool and answers with the partial batch response
 * (ReportBatchItemFailures): exactly the records that were neither delivered nor parked are listed, so SQS retries
 * those and deletes the rest. One record's failure never affects its neighbours.
 */
public final class SqsBatchRouter {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchRouter.class);

    /** MDC key of the correlation id; Powertools' JSON layout prints it as {@code correlation_id}. */
    static final String CORRELATION_ID_MDC_KEY = "correlation_id";

    private final RecordRouter recordRouter;
    private final DeadLetterQueue deadLetterQueue;
    private final ExecutorService pool;
    private final Duration longestCall;

    /**
     * @param pool a bounded pool; its size is the number of records processed at the same time
     * @param longestCall the longest an outside call can take (the SDK clients' call timeout): no call starts unless
     *     it can end before the batch's deadline
     */
    public SqsBatchRouter(
            RecordRouter recordRouter, DeadLetterQueue deadLetterQueue, ExecutorService pool, Duration longestCall) {
        this.recordRouter = Objects.requireNonNull(recordRouter, "recordRouter");
        this.deadLetterQueue = Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.longestCall = Objects.requireNonNull(longestCall, "longestCall");
    }

    /** Result of one batch: the response for SQS and the counts for metrics. */
    public record BatchReport(SQSBatchResponse response, BatchMetrics metrics) {}

    /**
     * Routes the batch.
     *
     * @param timeBudget how long the batch may take; a record not done by then is reported as failed (retried). No
     *     outside call (claim, route read, publish, park) starts unless it can end before then, so none is in flight
     *     when this method returns, and a record still running afterwards starts none (see {@link Deadline}).
     */
    public BatchReport route(SQSEvent event, Duration timeBudget) {
        List<SQSEvent.SQSMessage> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        BatchMetrics metrics = new BatchMetrics();
        Deadline deadline = Deadline.in(timeBudget, longestCall);
        Map<String, String> logContext = MDC.getCopyOfContextMap();

        // SQS may deliver one message twice in a batch (at-least-once): it is handled once, so it is not parked twice,
        // and the partial batch response names an id at most once anyway.
        List<SQSEvent.SQSMessage> distinct = new ArrayList<>(records.size());
        Set<String> seen = new HashSet<>();
        for (SQSEvent.SQSMessage record : records) {
            if (record.getMessageId() == null || seen.add(record.getMessageId())) {
                distinct.add(record);
            } else {
                LOG.info(
                        "Message delivered twice in one batch, handled once {} {}",
                        entry("messageId", record.getMessageId()),
                        entry("outcome", "DELIVERED_TWICE"));
            }
        }
        List<Future<Boolean>> results = new ArrayList<>(distinct.size());
        for (SQSEvent.SQSMessage record : distinct) {
            results.add(pool.submit(() -> handle(record, deadline, metrics, logContext)));
        }

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            SQSEvent.SQSMessage record = distinct.get(i);
            if (!succeeded(results.get(i), record, deadline, metrics)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new BatchReport(new SQSBatchResponse(failures), metrics);
    }

    private static boolean succeeded(
            Future<Boolean> result, SQSEvent.SQSMessage record, Deadline deadline, BatchMetrics metrics) {
        try {
            return result.get(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            LOG.warn(
                    "Record not done before the deadline; SQS will retry it {} {}",
                    entry("messageId", record.getMessageId()),
                    entry("outcome", "RETRY_" + RetryReason.DEADLINE));
            metrics.recordRetried(RetryReason.DEADLINE);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.error("Record failed unexpectedly {}", entry("messageId", record.getMessageId()), e.getCause());
            metrics.recordRetried(RetryReason.UNEXPECTED);
            return false;
        }
    }

    /** Routes one record, parks it if needed; true when SQS may delete it. */
    private boolean handle(
            SQSEvent.SQSMessage record, Deadline deadline, BatchMetrics metrics, Map<String, String> logContext) {
        long start = System.nanoTime();
        String correlationId =
                attribute(record, MessageAttributes.CORRELATION_ID).orElse(null);
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            if (correlationId != null) {
                MDC.put(CORRELATION_ID_MDC_KEY, correlationId);
            }
            Outcome outcome = routeRecord(record, correlationId, deadline);
            if (outcome instanceof Outcome.Parked parked && parked.clientId() == null) {
                // The body gave no ClientID: fall back to the attribute the API set, for the DLQ and the logs.
                outcome = new Outcome.Parked(
                        parked.code(),
                        parked.reason(),
                        attribute(record, MessageAttributes.CLIENT_ID).orElse(null));
            }
            if (outcome instanceof Outcome.Parked && !deadline.allowsCall()) {
                outcome = RecordRouter.tooLate("parking the message");
            }
            boolean done = settle(record, correlationId, outcome, metrics);
            log(record, outcome, done, start);
            return done;
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    private Outcome routeRecord(SQSEvent.SQSMessage record, String correlationId, Deadline deadline) {
        if (record.getBody() == null || record.getBody().isEmpty()) {
            return new Outcome.Parked(FailureCode.MALFORMED_JSON, "The message body is empty.", null);
        }
        return recordRouter.route(record.getBody(), correlationId, deadline);
    }

    private boolean settle(SQSEvent.SQSMessage record, String correlationId, Outcome outcome, BatchMetrics metrics) {
        return switch (outcome) {
            case Outcome.Published published -> {
                metrics.recordPublished();
                yield true;
            }
            case Outcome.Duplicate duplicate -> {
                metrics.recordDuplicate();
                yield true;
            }
            case Outcome.Retry retry -> {
                metrics.recordRetried(retry.reason());
                yield false;
            }
            case Outcome.Parked parked -> park(record, correlationId, parked, metrics);
        };
    }

    private boolean park(
            SQSEvent.SQSMessage record, String correlationId, Outcome.Parked parked, BatchMetrics metrics) {
        Optional<String> clientId = Optional.ofNullable(parked.clientId());
        try {
            deadLetterQueue.park(new ParkedMessage(
                    record.getMessageId(),
                    record.getBody() == null ? "" : record.getBody(),
                    parked.code(),
                    parked.reason(),
                    clientId,
                    Optional.ofNullable(correlationId)));
            metrics.recordParked(parked.code());
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not park the message; SQS will retry it {} {}",
                    entry("messageId", record.getMessageId()),
                    entry("failureCode", parked.code()),
                    e);
            metrics.recordRetried(RetryReason.PARK_FAILED);
            return false;
        }
    }

    private static void log(SQSEvent.SQSMessage record, Outcome outcome, boolean done, long start) {
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        StructuredArgument messageId = entry("messageId", record.getMessageId());
        StructuredArgument receiveCount = entry("receiveCount", receiveCount(record));
        StructuredArgument latency = entry("latencyMs", latencyMillis);
        switch (outcome) {
            case Outcome.Published published ->
                LOG.info(
                        "Record published {} {} {} {} {} {}",
                        messageId,
                        entry("outcome", "PUBLISHED"),
                        entry("clientId", published.clientId()),
                        entry("topic", published.topic()),
                        receiveCount,
                        latency);
            case Outcome.Duplicate duplicate ->
                LOG.info(
                        "Record is a duplicate, not published again {} {} {} {} {}",
                        messageId,
                        entry("outcome", "DUPLICATE"),
                        entry("clientId", duplicate.clientId()),
                        receiveCount,
                        latency);
            case Outcome.Parked parked ->
                LOG.warn(
                        "Record rejected {} {} {} {} {} {} {}",
                        messageId,
                        entry("outcome", done ? "PARKED" : "RETRY_" + RetryReason.PARK_FAILED),
                        entry("failureCode", parked.code()),
                        entry("clientId", parked.clientId() == null ? "" : parked.clientId()),
                        entry("reason", parked.reason()),
                        receiveCount,
                        latency);
            case Outcome.Retry retry ->
                LOG.warn(
                        "Record failed, SQS will retry it {} {} {} {} {}",
                        messageId,
                        entry("outcome", "RETRY_" + retry.reason()),
                        entry("reason", retry.detail()),
                        receiveCount,
                        latency);
        }
    }

    /** SQS's ApproximateReceiveCount: 1 on the first delivery; tells an operator how often a record was retried. */
    private static int receiveCount(SQSEvent.SQSMessage record) {
        String count =
                record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<String> attribute(SQSEvent.SQSMessage record, String name) {
        if (record.getMessageAttributes() == null) {
            return Optional.empty();
        }
        SQSEvent.MessageAttribute value = record.getMessageAttributes().get(name);
        if (value == null
                || value.getStringValue() == null
                || value.getStringValue().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value.getStringValue());
    }
}
