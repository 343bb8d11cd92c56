package com.qrrouter.router.internal;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.BatchReport;
import com.qrrouter.router.RetryReason;
import com.qrrouter.router.SourceQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
    private final SourceQueue sourceQueue;
    private final RetryDelay retryDelay;

    /**
     * @param pool a bounded pool; its size is the number of records processed at the same time
     * @param longestCall the longest an outside call can take (the SDK clients' call timeout): no call starts unless
     *     it can end before the batch's deadline
     * @param sourceQueue where the visibility of retried records is shortened
     * @param retryDelay how long a retried record stays invisible
     */
    public SqsBatchRouter(
            RecordPath path,
            ExecutorService pool,
            Duration longestCall,
            SourceQueue sourceQueue,
            RetryDelay retryDelay) {
        this.path = Objects.requireNonNull(path, "path");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.longestCall = Objects.requireNonNull(longestCall, "longestCall");
        this.sourceQueue = Objects.requireNonNull(sourceQueue, "sourceQueue");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
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
        List<QueuedRecord> retried = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            QueuedRecord record = distinct.get(i);
            if (!succeeded(results.get(i), record, deadline, metrics)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.messageId()));
                retried.add(record);
            }
        }
        delayRedelivery(retried, deadline);
        return new BatchReport(new SQSBatchResponse(failures), metrics);
    }

    /**
     * Before the answer, makes each retried record visible again after its short delay ({@link RetryDelay}) instead of
     * the visibility timeout: one call per ten records, the calls in parallel on the pool, all within the deadline. A
     * failed change is only logged: the record then comes back after the visibility timeout, which stays the fallback
     * for crashes and for a batch that reached its deadline (decision 0223).
     */
    private void delayRedelivery(List<QueuedRecord> retried, Deadline deadline) {
        if (retried.isEmpty() || sourceQueue == SourceQueue.NONE) {
            return;
        }
        Map<String, QueuedRecord> byId = new HashMap<>();
        List<SourceQueue.Redelivery> redeliveries = new ArrayList<>();
        for (QueuedRecord record : retried) {
            if (record.receiptHandle() == null || record.messageId() == null) {
                RecordLog.redeliveryNotDelayed(record, "the record has no receipt handle");
                continue;
            }
            byId.put(record.messageId(), record);
            redeliveries.add(new SourceQueue.Redelivery(
                    record.messageId(), record.receiptHandle(), retryDelay.after(record.receiveCount())));
        }
        if (!deadline.allowsCall()) {
            byId.values().forEach(record -> RecordLog.redeliveryNotDelayed(record, "the batch deadline is too close"));
            return;
        }
        List<List<SourceQueue.Redelivery>> chunks = new ArrayList<>();
        for (int i = 0; i < redeliveries.size(); i += SqsSourceQueue.MAX_BATCH_ENTRIES) {
            chunks.add(redeliveries.subList(i, Math.min(redeliveries.size(), i + SqsSourceQueue.MAX_BATCH_ENTRIES)));
        }
        List<Future<List<String>>> calls = new ArrayList<>(chunks.size());
        for (List<SourceQueue.Redelivery> chunk : chunks) {
            try {
                calls.add(pool.submit(() -> sourceQueue.delayRedelivery(chunk)));
            } catch (RejectedExecutionException e) {
                // The pool is shut down or full: the records wait the visibility timeout, the answer stands.
                CompletableFuture<List<String>> refused = new CompletableFuture<>();
                refused.completeExceptionally(e);
                calls.add(refused);
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            List<String> failedIds;
            String why;
            try {
                failedIds = calls.get(i).get(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
                why = "SQS refused the change";
            } catch (TimeoutException e) {
                calls.get(i).cancel(true);
                failedIds = ids(chunks.get(i));
                why = "the change was not done by the batch deadline";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                failedIds = ids(chunks.get(i));
                why = "ChangeMessageVisibilityBatch failed: " + e.getCause();
            }
            for (String id : failedIds) {
                RecordLog.redeliveryNotDelayed(byId.get(id), why);
            }
        }
    }

    private static List<String> ids(List<SourceQueue.Redelivery> chunk) {
        return chunk.stream().map(SourceQueue.Redelivery::messageId).toList();
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
