package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.RequestThrottledException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The fault proxy in front of dynalite and ElasticMQ, called with the SDK clients the router uses: injected
 * errors are classified as the real services' (throttling, retryable 5xx), everything else passes unchanged.
 */
class AwsJsonFaultProxyIT {

    private static final String TABLE = "fault-proxy-it";

    private static DynamoDbEmulator dynamoDb;
    private static LocalSqs sqs;
    private static AwsJsonFaultProxy dynamoDbProxy;
    private static AwsJsonFaultProxy sqsProxy;
    private static DynamoDbClient viaProxy;
    private static DynamoDbClient viaProxyWithRetries;
    private static SqsClient sqsViaProxy;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbEmulator.start().createRoutesTable(TABLE);
        sqs = LocalSqs.start();
        dynamoDbProxy = AwsJsonFaultProxy.forDynamoDb(dynamoDb.endpoint());
        sqsProxy = AwsJsonFaultProxy.forSqs(sqs.endpoint());
        viaProxy = DynamoDbClient.builder()
                .endpointOverride(dynamoDbProxy.uri())
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        viaProxyWithRetries = DynamoDbClient.builder()
                .endpointOverride(dynamoDbProxy.uri())
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        sqsViaProxy = SqsClient.builder()
                .endpointOverride(sqsProxy.uri())
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        sqsViaProxy.close();
        viaProxyWithRetries.close();
        viaProxy.close();
        sqsProxy.close();
        dynamoDbProxy.close();
        sqs.close();
        dynamoDb.close();
    }

    @AfterEach
    void clearFaults() {
        dynamoDbProxy.clearFaults().resetCounters();
        sqsProxy.clearFaults().resetCounters();
    }

    private static Map<String, AttributeValue> route(String clientId) {
        return Map.of("ClientID", AttributeValue.fromS(clientId), "Topic", AttributeValue.fromS("t/" + clientId));
    }

    private static Map<String, AttributeValue> key(String clientId) {
        return Map.of("ClientID", AttributeValue.fromS(clientId));
    }

    @Test
    void putItem_whenThroughputExceededInjected_sdkSeesThrottlingAndTheTableIsUnchanged() {
        dynamoDbProxy.fail("PutItem", AwsError.DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED, FaultRate.always());

        ProvisionedThroughputExceededException thrown = catchThrowableOfType(
                ProvisionedThroughputExceededException.class,
                () -> viaProxy.putItem(b -> b.tableName(TABLE).item(route("Throttled"))));

        assertThat(thrown.isThrottlingException()).isTrue();
        assertThat(thrown.statusCode()).isEqualTo(400);
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(thrown.requestId()).isNotBlank();
        assertThat(dynamoDb.client()
                        .getItem(b -> b.tableName(TABLE).key(key("Throttled")))
                        .hasItem())
                .isFalse();
        assertThat(dynamoDbProxy.requests("PutItem")).isEqualTo(1);
        assertThat(dynamoDbProxy.faultsInjected("PutItem")).isEqualTo(1);
        assertThat(dynamoDbProxy.forwarded("PutItem")).isZero();
    }

    @Test
    void getItem_whenThrottlingExceptionEveryThird_failsExactlyThoseAndLeavesOtherOperationsAlone() {
        dynamoDb.putRoute(TABLE, "Reader", "t/Reader");
        dynamoDbProxy.fail("GetItem", AwsError.DYNAMODB_THROTTLING, FaultRate.everyNth(3));

        int throttled = 0;
        for (int i = 0; i < 9; i++) {
            try {
                assertThat(viaProxy.getItem(b -> b.tableName(TABLE).key(key("Reader")))
                                .item())
                        .containsEntry("Topic", AttributeValue.fromS("t/Reader"));
            } catch (DynamoDbException e) {
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                throttled++;
            }
            viaProxy.putItem(b -> b.tableName(TABLE).item(route("Writer")));
        }

        assertThat(throttled).isEqualTo(3);
        assertThat(dynamoDbProxy.requests()).containsEntry("GetItem", 9L).containsEntry("PutItem", 9L);
        assertThat(dynamoDbProxy.faultsInjected()).containsOnly(Map.entry("GetItem", 3L));
        assertThat(dynamoDbProxy.forwarded("GetItem")).isEqualTo(6);
    }

    @Test
    void putItem_whenOneThrottleAndDefaultRetries_sdkRetriesAndSucceeds() {
        dynamoDbProxy.fail("PutItem", AwsError.DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED, FaultRate.next(1));

        viaProxyWithRetries.putItem(b -> b.tableName(TABLE).item(route("Retried")));

        assertThat(dynamoDb.client()
                        .getItem(b -> b.tableName(TABLE).key(key("Retried")))
                        .hasItem())
                .isTrue();
        assertThat(dynamoDbProxy.requests("PutItem")).isEqualTo(2);
        assertThat(dynamoDbProxy.faultsInjected("PutItem")).isEqualTo(1);
    }

    @Test
    void updateItem_whenNoFault_passesTheStandInsOwnErrorsThrough() {
        ConditionalCheckFailedException thrown = catchThrowableOfType(
                ConditionalCheckFailedException.class,
                () -> viaProxy.updateItem(b -> b.tableName(TABLE)
                        .key(key("Absent"))
                        .updateExpression("SET Topic = :t")
                        .conditionExpression("attribute_exists(ClientID)")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("x")))));

        assertThat(thrown.isThrottlingException()).isFalse();
        assertThat(dynamoDbProxy.forwarded("UpdateItem")).isEqualTo(1);
        assertThat(dynamoDbProxy.faultsInjected()).isEmpty();
    }

    @Test
    void sendMessage_whenInternalErrorInjected_sdkSees500AndRetriesIt() {
        String queueUrl = sqs.createQueue("fault-proxy-it-500");
        sqsProxy.fail("SendMessage", AwsError.SQS_INTERNAL_ERROR, FaultRate.always());

        SqsException thrown = catchThrowableOfType(
                SqsException.class,
                () -> sqsViaProxy.sendMessage(b -> b.queueUrl(queueUrl).messageBody("m")));

        assertThat(thrown.statusCode()).isEqualTo(500);
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("InternalError");
        assertThat(sqs.receive(queueUrl)).isEmpty();
        // The operation name is what SDK 2.40 sends: AWS JSON 1.0, X-Amz-Target: AmazonSQS.SendMessage.
        assertThat(sqsProxy.requests("SendMessage")).isEqualTo(1);

        sqsProxy.fail("SendMessage", AwsError.SQS_INTERNAL_ERROR, FaultRate.next(1));
        try (SqsClient withRetries = SqsClient.builder()
                .endpointOverride(sqsProxy.uri())
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            withRetries.sendMessage(b -> b.queueUrl(queueUrl).messageBody("retried"));
        }

        assertThat(sqs.receive(queueUrl)).extracting(m -> m.body()).containsExactly("retried");
        assertThat(sqsProxy.requests("SendMessage")).isEqualTo(3);
        assertThat(sqsProxy.faultsInjected("SendMessage")).isEqualTo(2);
    }

    @Test
    void sendMessage_whenRequestThrottledInjected_sdkSeesThrottlingAndOtherOperationsPass() {
        String queueUrl = sqs.createQueue("fault-proxy-it-throttled");
        sqsProxy.fail("SendMessage", AwsError.SQS_REQUEST_THROTTLED, FaultRate.everyNth(2));

        sqsViaProxy.sendMessage(b -> b.queueUrl(queueUrl).messageBody("first"));
        RequestThrottledException thrown = catchThrowableOfType(
                RequestThrottledException.class,
                () -> sqsViaProxy.sendMessage(b -> b.queueUrl(queueUrl).messageBody("second")));
        String viaProxyUrl = sqsViaProxy
                .getQueueUrl(b -> b.queueName("fault-proxy-it-throttled"))
                .queueUrl();

        assertThat(thrown.isThrottlingException()).isTrue();
        assertThat(thrown.statusCode()).isEqualTo(400);
        assertThat(viaProxyUrl).isEqualTo(queueUrl);
        assertThat(sqs.receive(queueUrl)).extracting(m -> m.body()).containsExactly("first");
        assertThat(sqsProxy.requests()).containsEntry("SendMessage", 2L).containsEntry("GetQueueUrl", 1L);
        assertThat(sqsProxy.faultsInjected()).containsOnly(Map.entry("SendMessage", 1L));
    }

    @Test
    void forward_whenNoFault_relaysRequestAndAnswerByteForByte() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket upstream = new ServerSocket(0, 1, loopback);
                AwsJsonFaultProxy proxy =
                        AwsJsonFaultProxy.forDynamoDb(URI.create("http://127.0.0.1:" + upstream.getLocalPort()))) {
            byte[] request = ("POST / HTTP/1.1\r\n"
                            + "Host: 127.0.0.1:" + proxy.uri().getPort() + "\r\n"
                            + "X-Amz-Target: DynamoDB_20120810.GetItem\r\n"
                            + "X-Amz-Date: 20261201T000000Z\r\n"
                            + "Authorization: AWS4-HMAC-SHA256 Credential=local/20261201/eu-west-1/dynamodb/"
                            + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd\r\n"
                            + "content-type: application/x-amz-json-1.0\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"
                            + "5\r\n{\"a\":\r\n4;ext=1\r\n\"é\"}\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] answer = ("HTTP/1.1 200 OK\r\n"
                            + "x-amz-crc32: 2745614147\r\n"
                            + "Content-Type: application/x-amz-json-1.0\r\n"
                            + "Content-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.UTF_8);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    byte[] bytes = socket.getInputStream().readNBytes(request.length);
                    socket.getOutputStream().write(answer);
                    socket.getOutputStream().flush();
                    return bytes;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            byte[] relayed;
            try (Socket client = new Socket(loopback, proxy.uri().getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = client.getInputStream();
                relayed = in.readNBytes(answer.length);
            }

            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(request);
            assertThat(relayed).isEqualTo(answer);
            assertThat(proxy.forwarded("GetItem")).isEqualTo(1);
        }
    }
}
