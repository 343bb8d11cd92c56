package com.qrrouter.router.internal;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.BatchReport;
import com.qrrouter.router.RetryReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.MDC;

/**
 * The batch: runs every record's {@link RecordPath} concurrently on a bounded pool, waits for them until the batch's
 * {@link Deadline}, settles each record (counts it, logs its line, decides whether SQS may delete it) and answers with
 * the partial batch response (ReportBatchItemFailures): exactly the records that were neither delivered nor parked are
 * listed, so SQS retries those and deletes the rest. One record's failure never affects its neighbours.
 */
public final class SqsBatchRouter {

    /** MDC key of the correlation id; Powertools' JSON layout prints it as {@code correlation_id}. */
    static final String CORRELATION_ID_MDC_KEY = "correlation_id";

    private final RecordPath path;
    private final ExecutorService pool;
    private final Duration longestCall;

    /**
     * @param pool a bounded pool; its size is the number of records processed at the same time
     * @param longestCall the longest an outside call can take (the SDK clients' call timeout): no call starts unless
     *     it can end before the batch's deadline
     */
    public SqsBatchRouter(RecordPath path, ExecutorService pool, Duration longestCall) {
        this.path = Objects.requireNonNull(path, "path");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.longestCall = Objects.requireNonNull(longestCall, "longestCall");
    }

    /**
     * Routes the batch.
     *
     * @param timeBudget how long the batch may take; a record not done by then is reported as failed (retried). No
     *     outside call (claim, route read, publish, park) starts unless it can end before then, so none is in flight
     *     when this method returns, and a record still running afterwards starts none (see {@link Deadline}).
     */
    public BatchReport route(SQSEvent event, Duration timeBudget) {
        List<SQSEvent.SQSMessage> messages =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        BatchMetrics metrics = new BatchMetrics();
        Deadline deadline = Deadline.in(timeBudget, longestCall);
        Map<String, String> logContext = MDC.getCopyOfContextMap();

        // SQS may deliver one message twice in a batch (at-least-once): it is handled once, so it is not parked twice,
        // and the partial batch response names an id at most once anyway.
        List<QueuedRecord> distinct = new ArrayList<>(messages.size());
        Set<String> seen = new HashSet<>();
        for (SQSEvent.SQSMessage message : messages) {
            QueuedRecord record = QueuedRecord.of(message);
            if (record.messageId() == null || seen.add(record.messageId())) {
                distinct.add(record);
            } else {
                RecordLog.deliveredTwice(record);
            }
        }
        List<Future<Boolean>> results = new ArrayList<>(distinct.size());
        for (QueuedRecord record : distinct) {
            results.add(pool.submit(() -> handle(record, deadline, metrics, logContext)));
        }

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            QueuedRecord record = distinct.get(i);
            if (!succeeded(results.get(i), record, deadline, metrics)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.messageId()));
            }
        }
        return new BatchReport(new SQSBatchResponse(failures), metrics);
    }

    private static boolean succeeded(
            Future<Boolean> result, QueuedRecord record, Deadline deadline, BatchMetrics metrics) {
        try {
            return result.get(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            RecordLog.notDoneByDeadline(record);
            metrics.recordRetried(RetryReason.DEADLINE);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            RecordLog.failedUnexpectedly(record, e.getCause());
            metrics.recordRetried(RetryReason.UNEXPECTED);
            return false;
        }
    }

    /** Runs one record's path in the batch's log context and settles it; true when SQS may delete it. */
    private boolean handle(
            QueuedRecord record, Deadline deadline, BatchMetrics metrics, Map<String, String> logContext) {
        long start = System.nanoTime();
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            if (record.correlationId() != null) {
                MDC.put(CORRELATION_ID_MDC_KEY, record.correlationId());
            }
            Outcome outcome = path.run(record, deadline);
            boolean done = settle(outcome, metrics);
            RecordLog.outcome(record, outcome, start);
            return done;
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    /** Counts the outcome; true when SQS may delete the record (delivered or parked). */
    private static boolean settle(Outcome outcome, BatchMetrics metrics) {
        return switch (outcome) {
            case Outcome.Published published -> {
                metrics.recordPublished();
                yield true;
            }
            case Outcome.Duplicate duplicate -> {
                metrics.recordDuplicate();
                yield true;
            }
            case Outcome.Parked parked -> {
                metrics.recordParked(parked.code());
                yield true;
            }
            case Outcome.ParkFailed failed -> {
                metrics.recordRetried(RetryReason.PARK_FAILED);
                yield false;
            }
            case Outcome.Retry retry -> {
                metrics.recordRetried(retry.reason());
                yield false;
            }
        };
    }
}
