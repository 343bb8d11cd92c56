package com.qrrouter.local.benchmark;

import com.qrrouter.local.LocalAws;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's SQS seen from the benchmark (SDK v2, the local endpoint, dummy credentials): how many messages the queue
 * still holds, what the DLQ holds, and the raw {@code SendMessage} rate of the same ElasticMQ from the same client.
 */
final class StackQueues implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    StackQueues(StackBanner banner) {
        this.sqs = SqsClient.builder()
                .endpointOverride(banner.sqsEndpoint())
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.queueUrl = banner.queueUrl();
        this.deadLetterQueueUrl = banner.deadLetterQueueUrl();
    }

    /** Messages in the router's queue, visible, in flight or delayed: 0 once it is drained. */
    int inQueue() {
        return count(queueUrl);
    }

    /** Messages in the DLQ. */
    int inDeadLetterQueue() {
        return count(deadLetterQueueUrl);
    }

    private int count(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /**
     * Every body in the DLQ, each once: received with a visibility timeout longer than the read, never deleted (an
     * operator can still look at them while the stack runs).
     */
    List<String> deadLetterBodies() {
        List<String> bodies = new ArrayList<>();
        int emptyAnswers = 0;
        while (emptyAnswers < 2) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(600)
                            .waitTimeSeconds(0))
                    .messages();
            emptyAnswers = messages.isEmpty() ? emptyAnswers + 1 : 0;
            messages.forEach(message -> bodies.add(message.body()));
        }
        return bodies;
    }

    /**
     * The raw {@code SendMessage} rate: {@code concurrency} threads send the bodies (with the two attributes the API
     * front adds) to a scratch queue of the same ElasticMQ, which is deleted afterwards.
     *
     * @return messages per second
     */
    double rawSendRate(List<String> bodies, int concurrency) throws InterruptedException {
        String scratch = sqs.createQueue(b -> b.queueName("load-benchmark-raw-" + UUID.randomUUID()))
                .queueUrl();
        try {
            AtomicInteger next = new AtomicInteger();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            List<Thread> senders = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < concurrency; c++) {
                senders.add(Thread.ofPlatform().name("load-benchmark-raw-" + c).start(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                            String body = bodies.get(i);
                            sqs.sendMessage(b -> b.queueUrl(scratch)
                                    .messageBody(body)
                                    .messageAttributes(Map.of(
                                            MessageAttributes.CORRELATION_ID,
                                                    text(UUID.randomUUID().toString()),
                                            MessageAttributes.CLIENT_ID, text(Scans.ROUTED_CLIENT_ID))));
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        next.set(bodies.size());
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException(
                        "A raw SendMessage to the scratch queue failed: "
                                + failure.get().getMessage(),
                        failure.get());
            }
            return bodies.size() / seconds;
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(scratch));
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }

    @Override
    public void close() {
        sqs.close();
    }
}
