package com.qrrouter.local.internal;

import com.qrrouter.local.runtime.SqsEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What the Lambda SQS event source mapping does with {@code ReportBatchItemFailures}: long-polls the queue, gathers up
 * to {@code batchSize} messages within the batching window, invokes the function with SQS's event as Lambda sends it
 * ({@link SqsEvents#event}: JSON, built from the {@code ReceiveMessage} answer), reads its partial batch response
 * ({@link SqsEvents#batchResponse}), deletes the records that did not fail and leaves the failed ones alone: they
 * become visible again when their visibility timeout ends, the queue's or whatever the function set with
 * {@code ChangeMessageVisibility} (the event source never changes a record's visibility itself, as Lambda's does not),
 * and the queue's redrive policy moves them to the DLQ after {@code maxReceiveCount} receives. If the invocation as a
 * whole fails (an invocation error, a timeout, a crash, an answer that is not a valid partial batch response), no record
 * is deleted. {@code concurrency} pollers each fill and invoke their own batch, so up to that many
 * batches are in flight at once (Lambda's maximum concurrency); when the queue is empty they wait in long polls, when
 * it has a backlog each takes a batch, and the function's {@link ExecutionEnvironments} start environments as needed.
 * SQS hides a received message from the other pollers for the visibility timeout (at least the function timeout), so
 * no record is handled by two environments at once.
 *
 * <p>Like the managed poller, it never stops on an error: any exception (SQS, the function, a bug here) is logged,
 * the batch's records are left to come back after the visibility timeout, and polling goes on after a pause. Entries
 * that {@code DeleteMessageBatch} reports as failed are retried twice; what is still left is logged and delivered
 * again by SQS (at-least-once, which the router's idempotency absorbs).
 *
 * <p>For fault injection, {@link #deliverTwice(double)} puts received messages into the batch twice, as a standard
 * queue may deliver one message twice at once.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
    private static final int MAX_RECEIVE = 10;
    private static final int DELETE_ATTEMPTS = 3;
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private final Duration batchingWindow;
    private final BatchInvoker function;
    private final List<Thread> pollers;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile double duplicateRate;
    private volatile boolean running = true;

    private SqsEventSource(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            String region,
            int batchSize,
            Duration batchingWindow,
            BatchInvoker function,
            int concurrency) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batchSize = batchSize;
        this.batchingWindow = batchingWindow;
        this.function = function;
        List<Thread> threads = new ArrayList<>(concurrency);
        for (int i = 1; i <= concurrency; i++) {
            Thread thread = new Thread(this::run, "sqs-event-source-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        this.pollers = List.copyOf(threads);
    }

    /** Starts polling {@code queueUrl} for {@code function}, one batch at a time. */
    public static SqsEventSource start(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            String region,
            int batchSize,
            Duration batchingWindow,
            BatchInvoker function) {
        return start(sqs, queueUrl, queueArn, region, batchSize, batchingWindow, function, 1);
    }

    /**
     * Starts polling {@code queueUrl} for {@code function} with {@code concurrency} batches in flight at most;
     * {@code function} must take that many invocations at once (e.g. {@link ExecutionEnvironments}).
     */
    public static SqsEventSource start(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            String region,
            int batchSize,
            Duration batchingWindow,
            BatchInvoker function,
            int concurrency) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("The batch size must be at least 1, got " + batchSize);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("The concurrency must be at least 1, got " + concurrency);
        }
        SqsEventSource source =
                new SqsEventSource(sqs, queueUrl, queueArn, region, batchSize, batchingWindow, function, concurrency);
        source.pollers.forEach(Thread::start);
        return source;
    }

    /** Invocations made so far (successful or not). */
    public long invocations() {
        return invocations.get();
    }

    /**
     * Fault injection: from the next batch on, each received message goes into the batch twice with this probability
     * (the same message id, receipt handle, body and attributes; two records side by side, so the function handles
     * both copies at once), as a standard queue may deliver a message twice. While it is above 0, a batch holds at
     * most half the batch size of messages (at least one), so that with the copies it stays near the batch size.
     * A failure reported for the id keeps the message, whichever copy failed; otherwise it is deleted once.
     *
     * @param rate 0 (off, the default) to 1 (every message)
     */
    public void deliverTwice(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("The duplicate delivery rate must be within 0..1, got " + rate);
        }
        duplicateRate = rate;
    }

    /** Messages delivered twice so far by {@link #deliverTwice(double)}. */
    public long duplicatesDelivered() {
        return duplicates.get();
    }

    private void run() {
        while (running) {
            try {
                List<Message> batch = collect();
                if (!batch.isEmpty() && running) {
                    process(batch);
                }
            } catch (SdkException e) {
                if (running) {
                    LOG.warn("Polling the queue failed; retrying in 1 s: {}", e.getMessage());
                    pause(ERROR_PAUSE);
                }
            } catch (VirtualMachineError e) {
                LOG.error("The SQS event source stops: the JVM is failing", e);
                throw e;
            } catch (RuntimeException | Error e) {
                if (running) {
                    // The records of the batch are not deleted: SQS delivers them again after the visibility timeout.
                    LOG.error("The SQS event source failed; polling again in 1 s", e);
                    pause(ERROR_PAUSE);
                }
            }
        }
    }

    /** Waits up to 1 s for a first message, then fills the batch until it is full or the window has passed. */
    private List<Message> collect() {
        int wanted = duplicateRate > 0 ? Math.max(1, batchSize / 2) : batchSize;
        List<Message> batch = new ArrayList<>(receive(Math.min(wanted, MAX_RECEIVE), 1));
        if (batch.isEmpty()) {
            return batch;
        }
        long deadline = System.nanoTime() + batchingWindow.toNanos();
        while (batch.size() < wanted && System.nanoTime() < deadline && running) {
            List<Message> more = receive(Math.min(wanted - batch.size(), MAX_RECEIVE), 0);
            if (more.isEmpty()) {
                pause(Duration.ofMillis(50));
            }
            batch.addAll(more);
        }
        return batch;
    }

    private List<Message> receive(int max, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    private void process(List<Message> batch) {
        List<Message> records = records(batch);
        invocations.incrementAndGet();
        String answer;
        try {
            answer = function.invoke(SqsEvents.event(records, queueArn, region));
        } catch (BatchInvoker.InvocationFailedException e) {
            LOG.warn("Invocation failed; the {} records will be retried: {}", records.size(), e.getMessage());
            return;
        }
        Set<String> batchIds = new HashSet<>();
        batch.forEach(message -> batchIds.add(message.messageId()));
        SqsEvents.BatchResponse response = SqsEvents.batchResponse(answer, batchIds);
        if (!response.valid()) {
            // Lambda treats an answer it cannot read as a partial batch response as a failure of the whole batch.
            LOG.warn(
                    "The function's answer is not a valid partial batch response ({}); the {} records will be retried",
                    response.invalidReason(),
                    records.size());
            return;
        }
        Set<String> failedIds = new HashSet<>(response.failedIds());
        // Each message once, even if it was delivered twice: a failure reported for its id keeps it. A failed record
        // is left alone: it comes back when its visibility timeout ends, whatever the function set it to.
        Map<String, Message> done = new LinkedHashMap<>();
        for (Message message : batch) {
            if (!failedIds.contains(message.messageId())) {
                done.put(String.valueOf(done.size()), message);
            }
        }
        int notDeleted = delete(done);
        LOG.info(
                "Batch done [records={}, deleted={}, failed={}, notDeleted={}]",
                records.size(),
                done.size() - notDeleted,
                failedIds.size(),
                notDeleted);
    }

    /** The batch's messages, with a second copy of a message right after it when {@link #deliverTwice} says so. */
    private List<Message> records(List<Message> batch) {
        double rate = duplicateRate;
        List<Message> records = new ArrayList<>(batch.size() * 2);
        for (Message message : batch) {
            records.add(message);
            if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
                records.add(message);
                duplicates.incrementAndGet();
            }
        }
        return records;
    }

    /**
     * Deletes the messages (entry id → message), retrying entries that fail; answers how many are left undeleted.
     * Those come back after the visibility timeout: at-least-once, as on AWS.
     */
    private int delete(Map<String, Message> entries) {
        Map<String, Message> pending = new LinkedHashMap<>(entries);
        Map<String, String> errors = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= DELETE_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(Duration.ofMillis(100L * attempt));
            }
            errors.clear();
            List<String> ids = List.copyOf(pending.keySet());
            for (int from = 0; from < ids.size(); from += MAX_RECEIVE) {
                List<DeleteMessageBatchRequestEntry> chunk =
                        ids.subList(from, Math.min(ids.size(), from + MAX_RECEIVE)).stream()
                                .map(id -> DeleteMessageBatchRequestEntry.builder()
                                        .id(id)
                                        .receiptHandle(pending.get(id).receiptHandle())
                                        .build())
                                .toList();
                try {
                    DeleteMessageBatchResponse response =
                            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk));
                    response.successful().forEach(entry -> pending.remove(entry.id()));
                    response.failed().forEach(entry -> errors.put(entry.id(), entry.code()));
                } catch (SdkException e) {
                    chunk.forEach(entry -> errors.put(entry.id(), e.getClass().getSimpleName()));
                    LOG.warn("Deleting processed records failed [attempt={}]: {}", attempt, e.getMessage());
                }
            }
        }
        if (!pending.isEmpty()) {
            List<String> left = pending.entrySet().stream()
                    .map(entry ->
                            entry.getValue().messageId() + "=" + errors.getOrDefault(entry.getKey(), "unanswered"))
                    .toList();
            LOG.warn(
                    "Processed records not deleted after {} attempts; SQS delivers them again after the visibility "
                            + "timeout [count={}, messageIdErrors={}]",
                    DELETE_ATTEMPTS,
                    left.size(),
                    left);
        }
        return pending.size();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            for (Thread poller : pollers) {
                poller.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        function.close();
    }
}
