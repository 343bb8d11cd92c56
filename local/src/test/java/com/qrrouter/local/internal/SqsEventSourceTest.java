package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** The event source's handling of SQS answers that ElasticMQ does not give on demand, with a stub SQS client. */
class SqsEventSourceTest {

    /** Hands out the given receives once each, then empty ones; answers deletes as {@code deleteAnswer} says. */
    private static final class StubSqs implements SqsClient {
        final Deque<List<Message>> receives = new ArrayDeque<>();
        final List<DeleteMessageBatchRequest> deletes = new CopyOnWriteArrayList<>();
        final Function<DeleteMessageBatchRequest, DeleteMessageBatchResponse> deleteAnswer;

        StubSqs(List<Message> messages, Function<DeleteMessageBatchRequest, DeleteMessageBatchResponse> deleteAnswer) {
            receives.add(messages);
            this.deleteAnswer = deleteAnswer;
        }

        @Override
        public synchronized ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
            List<Message> messages = receives.poll();
            if (messages == null) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                messages = List.of();
            }
            return ReceiveMessageResponse.builder().messages(messages).build();
        }

        @Override
        public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
            deletes.add(request);
            return deleteAnswer.apply(request);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }

    private static final class OkFunction implements BatchInvoker {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public String invoke(String event) {
            events.add(event);
            return "{\"batchItemFailures\":[]}";
        }

        @Override
        public void close() {}
    }

    @Test
    void process_whenSomeDeletesFail_retriesTheFailedEntriesTwice() {
        Set<String> failOnce = new java.util.HashSet<>(Set.of("receipt-m2"));
        StubSqs sqs = new StubSqs(List.of(message("m1"), message("m2"), message("m3")), request -> {
            DeleteMessageBatchResponse.Builder response = DeleteMessageBatchResponse.builder();
            List<DeleteMessageBatchResultEntry> successful = new java.util.ArrayList<>();
            List<BatchResultErrorEntry> failed = new java.util.ArrayList<>();
            for (DeleteMessageBatchRequestEntry entry : request.entries()) {
                if (entry.receiptHandle().equals("receipt-m3") || failOnce.remove(entry.receiptHandle())) {
                    failed.add(BatchResultErrorEntry.builder()
                            .id(entry.id())
                            .code("InternalError")
                            .senderFault(false)
                            .build());
                } else {
                    successful.add(DeleteMessageBatchResultEntry.builder()
                            .id(entry.id())
                            .build());
                }
            }
            return response.successful(successful).failed(failed).build();
        });

        try (SqsEventSource source = start(sqs, new OkFunction())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.deletes.size() == 3);
        }

        assertThat(sqs.deletes)
                .extracting(SqsEventSourceTest::receiptHandles)
                .containsExactly(
                        List.of("receipt-m1", "receipt-m2", "receipt-m3"),
                        List.of("receipt-m2", "receipt-m3"),
                        List.of("receipt-m3"));
    }

    @Test
    void process_whenADeleteCallFails_retriesIt() {
        int[] calls = {0};
        StubSqs sqs = new StubSqs(List.of(message("m1")), request -> {
            if (++calls[0] == 1) {
                throw SdkClientException.create("connection reset");
            }
            return DeleteMessageBatchResponse.builder()
                    .successful(DeleteMessageBatchResultEntry.builder()
                            .id(request.entries().get(0).id())
                            .build())
                    .build();
        });
        OkFunction function = new OkFunction();

        try (SqsEventSource source = start(sqs, function)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sqs.deletes.size() == 2);
        }

        assertThat(function.events).hasSize(1);
        assertThat(sqs.deletes)
                .extracting(SqsEventSourceTest::receiptHandles)
                .containsExactly(List.of("receipt-m1"), List.of("receipt-m1"));
    }

    private static SqsEventSource start(SqsClient sqs, BatchInvoker function) {
        return SqsEventSource.start(
                sqs, "http://queue", "arn:aws:sqs:eu-west-1:000000000000:q", "eu-west-1", 10, Duration.ZERO, function);
    }

    private static List<String> receiptHandles(DeleteMessageBatchRequest request) {
        return request.entries().stream()
                .map(DeleteMessageBatchRequestEntry::receiptHandle)
                .toList();
    }

    private static Message message(String id) {
        return Message.builder()
                .messageId(id)
                .receiptHandle("receipt-" + id)
                .body("ok")
                .build();
    }
}
