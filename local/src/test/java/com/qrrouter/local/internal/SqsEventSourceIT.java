package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The event source against ElasticMQ with the pipeline's redrive policy, a fake function behind it. */
class SqsEventSourceIT {

    private static final Duration GATHERING_WINDOW = Duration.ofSeconds(1);

    /** Records every batch and answers what {@code answer} says. */
    private static final class FakeFunction implements BatchInvoker {
        final List<List<EventRecord>> batches = new CopyOnWriteArrayList<>();
        final Function<List<EventRecord>, List<String>> answer;

        FakeFunction(Function<List<EventRecord>, List<String>> answer) {
            this.answer = answer;
        }

        @Override
        public String invoke(String event) {
            List<EventRecord> records = EventRecord.parse(event);
            batches.add(records);
            return EventRecord.batchResponse(answer.apply(records));
        }

        @Override
        public void close() {}
    }

    /** Short, so that failed records come back quickly; longer than the batching window, as AWS requires. */
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(2);

    private LocalSqs sqs;
    private LocalSqs.QueuePair queues;

    @BeforeEach
    void start() {
        sqs = LocalSqs.start();
        queues = sqs.createQueueWithDeadLetterQueue("events", "events-dlq", VISIBILITY_TIMEOUT);
    }

    @AfterEach
    void stop() {
        sqs.close();
    }

    @Test
    void createQueueWithDeadLetterQueue_whenCreated_hasThePipelineRedrivePolicyAndRetention() {
        Map<QueueAttributeName, String> attributes = sqs.client()
                .getQueueAttributes(b -> b.queueUrl(queues.queueUrl()).attributeNames(QueueAttributeName.ALL))
                .attributes();

        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .contains(queues.deadLetterQueueArn())
                .contains(String.valueOf(PipelineSettings.MAX_RECEIVE_COUNT));
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(VISIBILITY_TIMEOUT.toSeconds()));
    }

    @Test
    void poll_whenMessagesWait_invokesWithAFullBatchOfCompleteRecords() {
        for (int i = 0; i < 10; i++) {
            send("m" + i);
        }
        FakeFunction function = new FakeFunction(records -> List.of());

        try (SqsEventSource source = start(function)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> delivered(function).size() == 10);

            assertThat(function.batches.get(0)).hasSize(10);
            EventRecord record = function.batches.get(0).get(0);
            assertThat(record.eventSource()).isEqualTo("aws:sqs");
            assertThat(record.eventSourceArn()).isEqualTo(queues.queueArn());
            assertThat(record.awsRegion()).isEqualTo(LocalAws.REGION.id());
            assertThat(record.receiptHandle()).isNotBlank();
            assertThat(record.md5OfBody()).isNotBlank();
            assertThat(record.attributes())
                    .containsEntry("ApproximateReceiveCount", "1")
                    .containsKey("SentTimestamp");
            assertThat(record.messageAttributes()
                            .get(MessageAttributes.CORRELATION_ID)
                            .stringValue())
                    .startsWith("req-");
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesIn(queues.queueUrl()) == 0);
        }
    }

    @Test
    void poll_whenARecordFails_deletesTheOthersAndMovesTheFailedOneToTheDeadLetterQueueAfterMaxReceiveCount() {
        send("good-1");
        send("bad");
        send("good-2");
        FakeFunction function = new FakeFunction(records -> records.stream()
                .filter(record -> record.body().equals("bad"))
                .map(EventRecord::messageId)
                .toList());

        try (SqsEventSource source = start(function)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !sqs.receive(queues.deadLetterQueueUrl()).isEmpty());

            List<String> bodies = delivered(function);
            assertThat(bodies).filteredOn("good-1"::equals).hasSize(1);
            assertThat(bodies).filteredOn("good-2"::equals).hasSize(1);
            assertThat(bodies).filteredOn("bad"::equals).hasSize(PipelineSettings.MAX_RECEIVE_COUNT);
            List<String> receiveCounts = function.batches.stream()
                    .flatMap(List::stream)
                    .filter(record -> record.body().equals("bad"))
                    .map(record -> record.attributes().get("ApproximateReceiveCount"))
                    .toList();
            assertThat(receiveCounts).containsExactly("1", "2", "3", "4", "5");
        }
    }

    @Test
    void poll_whenTheInvocationFails_keepsEveryRecordForRetry() {
        send("a");
        send("b");
        Set<Integer> failOn = Set.of(1);
        FakeFunction function = new FakeFunction(new Function<>() {
            int calls;

            @Override
            public List<String> apply(List<EventRecord> records) {
                calls++;
                if (failOn.contains(calls)) {
                    throw new BatchInvoker.InvocationFailedException("crashed", null);
                }
                return List.of();
            }
        });

        try (SqsEventSource source = start(function)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> function.batches.size() >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesIn(queues.queueUrl()) == 0);

            assertThat(delivered(function)).filteredOn("a"::equals).hasSize(2);
            assertThat(delivered(function)).filteredOn("b"::equals).hasSize(2);
            assertThat(sqs.receive(queues.deadLetterQueueUrl())).isEmpty();
        }
    }

    @Test
    void poll_whenTheFunctionNamesAnIdNotInTheBatch_keepsEveryRecordForRetry() {
        send("c");
        FakeFunction function = new FakeFunction(new Function<>() {
            int calls;

            @Override
            public List<String> apply(List<EventRecord> records) {
                calls++;
                return calls == 1 ? List.of("not-a-message-id") : List.of();
            }
        });

        try (SqsEventSource source = start(function)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> function.batches.size() >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesIn(queues.queueUrl()) == 0);

            assertThat(delivered(function)).containsExactly("c", "c");
        }
    }

    @Test
    void poll_whenTheFunctionChangedAFailedRecordsVisibility_leavesItAsTheFunctionSetIt() {
        send("later");
        Duration delay = Duration.ofSeconds(6); // longer than the queue's 2 s: a reset would show at once
        List<Long> deliveredAt = new CopyOnWriteArrayList<>();
        FakeFunction function = new FakeFunction(records -> {
            deliveredAt.add(System.nanoTime());
            if (deliveredAt.size() > 1) {
                return List.of();
            }
            // What the router does with a transient failure (issue 15): a delay of its own, then the failure reported.
            EventRecord record = records.get(0);
            sqs.client()
                    .changeMessageVisibility(b -> b.queueUrl(queues.queueUrl())
                            .receiptHandle(record.receiptHandle())
                            .visibilityTimeout((int) delay.toSeconds()));
            return List.of(record.messageId());
        });

        try (SqsEventSource source = start(function)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveredAt.size() >= 2);

            assertThat(Duration.ofNanos(deliveredAt.get(1) - deliveredAt.get(0)))
                    .isGreaterThanOrEqualTo(delay.minusMillis(500));
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesIn(queues.queueUrl()) == 0);
        }
    }

    @Test
    void poll_whenTheFunctionThrowsAnUnexpectedException_keepsPollingAndRetriesTheBatch() {
        send("d");
        FakeFunction function = new FakeFunction(new Function<>() {
            int calls;

            @Override
            public List<String> apply(List<EventRecord> records) {
                calls++;
                if (calls == 1) {
                    throw new IllegalStateException("not an InvocationFailedException");
                }
                return List.of();
            }
        });

        try (SqsEventSource source = start(function)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> function.batches.size() == 1);
            send("e");

            await().atMost(Duration.ofSeconds(20)).until(() -> sqs.messagesIn(queues.queueUrl()) == 0);
            assertThat(delivered(function)).filteredOn("d"::equals).hasSize(2);
            assertThat(delivered(function)).filteredOn("e"::equals).hasSize(1);
        }
    }

    @Test
    void deliverTwice_whenOn_putsEachMessageTwiceInTheBatchAndKeepsOnlyTheOneWhoseIdFailed() {
        FakeFunction function = new FakeFunction(new Function<>() {
            int calls;

            @Override
            public List<String> apply(List<EventRecord> records) {
                calls++;
                // One copy fails, the other succeeds: the id is reported, the message must stay.
                return calls == 1
                        ? records.stream()
                                .filter(record -> record.body().equals("twice-fail"))
                                .limit(1)
                                .map(EventRecord::messageId)
                                .toList()
                        : List.of();
            }
        });

        try (SqsEventSource source = start(function)) {
            source.deliverTwice(1);
            send("twice-ok");
            send("twice-fail");
            await().atMost(Duration.ofSeconds(20)).until(() -> function.batches.size() >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesIn(queues.queueUrl()) == 0);

            List<EventRecord> first = function.batches.get(0);
            assertThat(first)
                    .extracting(EventRecord::body)
                    .containsExactly("twice-ok", "twice-ok", "twice-fail", "twice-fail");
            assertThat(first.get(0)).isEqualTo(first.get(1));
            assertThat(first.get(2)).isEqualTo(first.get(3));
            assertThat(delivered(function)).filteredOn("twice-ok"::equals).hasSize(2);
            assertThat(delivered(function)).filteredOn("twice-fail"::equals).hasSize(4);
            assertThat(source.duplicatesDelivered()).isEqualTo(3);
            assertThat(sqs.receive(queues.deadLetterQueueUrl())).isEmpty();
        }
    }

    @Test
    void deliverTwice_whenTheRateIsOutOfRange_saysWhichRange() {
        try (SqsEventSource source = start(new FakeFunction(records -> List.of()))) {
            assertThatThrownBy(() -> source.deliverTwice(1.5)).hasMessageContaining("within 0..1");
        }
    }

    @Test
    void poll_whenABacklogAndConcurrencyThree_runsBatchesInSeveralEnvironmentsAtOnceNeverOneRecordInTwo() {
        for (int i = 0; i < 60; i++) {
            send(i % 10 == 9 ? "bad-" + i : "good-" + i);
        }
        // Each environment takes 300 ms per batch and reports the "bad" records as failed.
        Map<String, java.util.concurrent.atomic.AtomicInteger> handledInFlight =
                new java.util.concurrent.ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        List<FakeFunction> environments = new CopyOnWriteArrayList<>();
        ExecutionEnvironments<FakeFunction> pool = ExecutionEnvironments.create(
                () -> {
                    FakeFunction environment = new FakeFunction(records -> {
                        for (EventRecord record : records) {
                            if (handledInFlight
                                            .computeIfAbsent(
                                                    record.body(),
                                                    body -> new java.util.concurrent.atomic.AtomicInteger())
                                            .incrementAndGet()
                                    > 1) {
                                overlaps.add(record.body());
                            }
                        }
                        pauseMillis(300);
                        records.forEach(
                                record -> handledInFlight.get(record.body()).decrementAndGet());
                        return records.stream()
                                .filter(record -> record.body().startsWith("bad-"))
                                .map(EventRecord::messageId)
                                .toList();
                    });
                    environments.add(environment);
                    return environment;
                },
                3,
                Duration.ofSeconds(60));

        try (SqsEventSource source = SqsEventSource.start(
                sqs.client(),
                queues.queueUrl(),
                queues.queueArn(),
                LocalAws.REGION.id(),
                PipelineSettings.BATCH_SIZE,
                PipelineSettings.DEFAULT_BATCHING_WINDOW,
                pool,
                3)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messagesIn(queues.queueUrl()) <= 6);

            assertThat(pool.peakBusy()).as("batches in flight at once").isEqualTo(3);
            assertThat(environments).as("one environment per concurrent batch").hasSize(3);
            assertThat(overlaps)
                    .as("records handled by two environments at once")
                    .isEmpty();
            List<String> handled = environments.stream()
                    .flatMap(environment -> environment.batches.stream())
                    .flatMap(List::stream)
                    .map(EventRecord::body)
                    .toList();
            assertThat(handled.stream().filter(body -> body.startsWith("good-")))
                    .as("every good record handled once: reported done, deleted")
                    .hasSize(54)
                    .doesNotHaveDuplicates();
            assertThat(sqs.messagesIn(queues.queueUrl()))
                    .as("the failed records are not deleted")
                    .isEqualTo(6);
        }
    }

    private static void pauseMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A 1 s batching window, so that messages sent one after the other share a batch (these tests count on it). */
    private SqsEventSource start(FakeFunction function) {
        return SqsEventSource.start(
                sqs.client(),
                queues.queueUrl(),
                queues.queueArn(),
                LocalAws.REGION.id(),
                PipelineSettings.BATCH_SIZE,
                GATHERING_WINDOW,
                function);
    }

    private void send(String body) {
        sqs.client()
                .sendMessage(b -> b.queueUrl(queues.queueUrl())
                        .messageBody(body)
                        .messageAttributes(Map.of(
                                MessageAttributes.CORRELATION_ID,
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("req-" + body)
                                        .build())));
    }

    private static List<String> delivered(FakeFunction function) {
        return function.batches.stream()
                .flatMap(List::stream)
                .map(EventRecord::body)
                .toList();
    }
}
