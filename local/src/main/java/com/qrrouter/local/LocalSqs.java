package com.qrrouter.local;

import com.qrrouter.settings.PipelineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ (the SQS API) on a loopback port. */
public final class LocalSqs implements AutoCloseable {

    /** A queue and its dead-letter queue. */
    public record QueuePair(String queueUrl, String queueArn, String deadLetterQueueUrl, String deadLetterQueueArn) {}

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;

    private LocalSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        // The stack's own client (API front, event source, set-up) does not sign (ElasticMQ checks no signature) and
        // does not re-check SQS's MD5s: signing and hashing were a sixth of the API front's CPU per scan under load.
        // The router's own SQS client signs and checks as on AWS.
        this.client = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(LocalAws.REGION)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .checksumValidationEnabled(false)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts ElasticMQ on a free loopback port. */
    public static LocalSqs start() {
        return start(0);
    }

    /**
     * Starts ElasticMQ on {@code 127.0.0.1:port}.
     *
     * @param port the port, or {@code 0} for a free one
     */
    public static LocalSqs start(int port) {
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withAWSRegion(LocalAws.REGION.id())
                .withAWSAccountId(LocalAws.ACCOUNT_ID);
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        int bound = server.waitUntilStarted().localAddress().getPort();
        return new LocalSqs(server, URI.create("http://127.0.0.1:" + bound));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for set-up and the stack's own use (not the router's). */
    public SqsClient client() {
        return client;
    }

    /** Creates a queue with default attributes and returns its URL. */
    public String createQueue(String name) {
        return client.createQueue(b -> b.queueName(name)).queueUrl();
    }

    /**
     * Creates a dead-letter queue and a queue that redrives to it, as {@code infra/} does: {@code maxReceiveCount}, the
     * retention periods and (unless given) the visibility timeout from {@link PipelineSettings}.
     *
     * @param visibilityTimeout the queue's visibility timeout, normally {@link PipelineSettings#QUEUE_VISIBILITY_TIMEOUT}
     */
    public QueuePair createQueueWithDeadLetterQueue(
            String queueName, String deadLetterQueueName, Duration visibilityTimeout) {
        String deadLetterQueueUrl = client.createQueue(b -> b.queueName(deadLetterQueueName)
                        .attributes(Map.of(
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                seconds(PipelineSettings.DEAD_LETTER_QUEUE_RETENTION))))
                .queueUrl();
        String deadLetterQueueArn = queueArn(deadLetterQueueUrl);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn + "\",\"maxReceiveCount\":"
                + PipelineSettings.MAX_RECEIVE_COUNT + "}";
        String queueUrl = client.createQueue(b -> b.queueName(queueName)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT, seconds(visibilityTimeout),
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(PipelineSettings.QUEUE_RETENTION),
                                QueueAttributeName.REDRIVE_POLICY, redrivePolicy)))
                .queueUrl();
        return new QueuePair(queueUrl, queueArn(queueUrl), deadLetterQueueUrl, deadLetterQueueArn);
    }

    /** The ARN of a queue. */
    public String queueArn(String queueUrl) {
        return client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Receives up to 10 messages with all their attributes, waiting up to one second. */
    /** Messages in the queue, visible or in flight (received, not yet deleted): 0 once it is drained. */
    public int messagesIn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    public List<Message> receive(String queueUrl) {
        return client.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toSeconds());
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
