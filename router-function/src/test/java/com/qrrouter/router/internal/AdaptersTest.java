package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.MqttMessage;
import com.qrrouter.router.ParkedMessage;
import com.qrrouter.router.Route;
import com.qrrouter.router.SourceQueue;
import com.qrrouter.schema.Examples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.PayloadFormatIndicator;
import software.amazon.awssdk.services.iotdataplane.model.PublishRequest;
import software.amazon.awssdk.services.iotdataplane.model.PublishResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** The SDK adapters against in-memory SDK client fakes (the SDK client interfaces have default methods). */
class AdaptersTest {

    @Test
    void publish_whenCalled_sendsBodyUnchangedWithQos1AndMqtt5Properties() {
        AtomicReference<PublishRequest> sent = new AtomicReference<>();
        IotDataPlaneClient iot = new IotDataPlaneClient() {
            @Override
            public PublishResponse publish(PublishRequest request) {
                sent.set(request);
                return PublishResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "iot";
            }

            @Override
            public void close() {}
        };
        byte[] body = Examples.valid("01-seed-sample").bytes();

        new IotDataPlanePublisher(iot)
                .publish(new MqttMessage("qr-router/test/MyTopic", body, "req-\"1\"", Duration.ofSeconds(42)));

        PublishRequest request = sent.get();
        assertThat(request.messageExpiry()).isEqualTo(42L);
        assertThat(request.topic()).isEqualTo("qr-router/test/MyTopic");
        assertThat(request.qos()).isEqualTo(1);
        assertThat(request.retain()).isFalse();
        assertThat(request.payload().asByteArray()).isEqualTo(body);
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.payloadFormatIndicator()).isEqualTo(PayloadFormatIndicator.UTF8_DATA);
        assertThat(new String(Base64.getDecoder().decode(request.correlationData()), StandardCharsets.UTF_8))
                .isEqualTo("req-\"1\"");
        assertThat(request.userProperties()).isEqualTo("[{\"correlationId\":\"req-\\\"1\\\"\"}]");
    }

    @Test
    void iotPublisher_whenNoCorrelationId_sendsNoCorrelationProperties() {
        AtomicReference<PublishRequest> sent = new AtomicReference<>();
        IotDataPlaneClient iot = new IotDataPlaneClient() {
            @Override
            public PublishResponse publish(PublishRequest request) {
                sent.set(request);
                return PublishResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "iot";
            }

            @Override
            public void close() {}
        };

        new IotDataPlanePublisher(iot).publish(new MqttMessage("qr-router/test/MyTopic", new byte[] {'{', '}'}, null));

        assertThat(sent.get().correlationData()).isNull();
        assertThat(sent.get().userProperties()).isNull();
    }

    @Test
    void park_whenCalled_sendsOriginalBodyWithReasonAttributes() {
        AtomicReference<SendMessageRequest> sent = new AtomicReference<>();
        SqsClient sqs = new SqsClient() {
            @Override
            public SendMessageResponse sendMessage(SendMessageRequest request) {
                sent.set(request);
                return SendMessageResponse.builder().messageId("dlq-1").build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {}
        };
        String body = "{\"ClientID\":\"Nobody\", \"QRCode\":\"x\"}";

        new SqsDeadLetterQueue(sqs, "https://sqs.example/dlq")
                .park(new ParkedMessage(
                        "m-1",
                        body,
                        FailureCode.UNKNOWN_CLIENT,
                        "No route for ClientID 'Nobody' in the routes table.",
                        Optional.of("Nobody"),
                        Optional.of("req-1"),
                        Optional.of("demo-team"),
                        Optional.of("1765000000000"),
                        Optional.of("FORBIDDEN_CALLER")));

        SendMessageRequest request = sent.get();
        assertThat(request.queueUrl()).isEqualTo("https://sqs.example/dlq");
        assertThat(request.messageBody()).isEqualTo(body);
        assertThat(request.messageAttributes())
                .containsOnlyKeys(
                        "FailureCode",
                        "FailureMessage",
                        "OriginalMessageId",
                        "ClientID",
                        "CorrelationId",
                        "CallerTeam",
                        "AcceptedAt",
                        "PreviousFailureCode");
        assertThat(request.messageAttributes().get("CallerTeam")).isEqualTo(string("demo-team"));
        assertThat(request.messageAttributes().get("AcceptedAt"))
                .isEqualTo(MessageAttributeValue.builder()
                        .dataType("Number")
                        .stringValue("1765000000000")
                        .build());
        assertThat(request.messageAttributes().get("PreviousFailureCode")).isEqualTo(string("FORBIDDEN_CALLER"));
        assertThat(request.messageAttributes().get("FailureCode")).isEqualTo(string("UNKNOWN_CLIENT"));
        assertThat(request.messageAttributes().get("OriginalMessageId")).isEqualTo(string("m-1"));
        assertThat(request.messageAttributes().get("ClientID")).isEqualTo(string("Nobody"));
        assertThat(request.messageAttributes().get("CorrelationId")).isEqualTo(string("req-1"));
    }

    @Test
    void park_whenReasonHasCharactersSqsRejects_dropsThemAndBoundsLength() {
        assertThat(SqsDeadLetterQueue.sqsSafe("a\u0000b\u0001c\td", 100)).isEqualTo("abc\td");
        assertThat(SqsDeadLetterQueue.sqsSafe("x".repeat(2_000), 1_000)).hasSize(1_000);
    }

    @Test
    void routeFor_whenRowOrTopicMissing_tellsThemApart() {
        Map<String, Map<String, AttributeValue>> rows = Map.of(
                "DemoClient",
                        Map.of("ClientID", AttributeValue.fromS("DemoClient"), "Topic", AttributeValue.fromS("t/1")),
                "Broken", Map.of("ClientID", AttributeValue.fromS("Broken")));
        AtomicReference<GetItemRequest> asked = new AtomicReference<>();
        DynamoDbClient dynamoDb = new DynamoDbClient() {
            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                asked.set(request);
                Map<String, AttributeValue> row =
                        rows.get(request.key().get("ClientID").s());
                return row == null
                        ? GetItemResponse.builder().build()
                        : GetItemResponse.builder().item(row).build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {}
        };
        DynamoDbRouteTable table = new DynamoDbRouteTable(dynamoDb, "routes");

        assertThat(table.routeFor("DemoClient").map(Route::topic)).contains("t/1");
        assertThat(asked.get().tableName()).isEqualTo("routes");
        assertThat(table.routeFor("Broken").map(Route::topic)).contains("");
        assertThat(table.routeFor("Broken").map(Route::allowedTeams)).contains(Set.of());
        assertThat(table.routeFor("Nobody")).isEmpty();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }

    @Test
    void delayRedelivery_whenSomeEntriesFail_setsEachVisibilityInOneCallAndNamesTheFailedOnes() {
        AtomicReference<ChangeMessageVisibilityBatchRequest> sent = new AtomicReference<>();
        SqsClient sqs = new SqsClient() {
            @Override
            public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
                    ChangeMessageVisibilityBatchRequest request) {
                sent.set(request);
                return ChangeMessageVisibilityBatchResponse.builder()
                        .successful(b -> b.id("0"))
                        .failed(b -> b.id("1").code("ReceiptHandleIsInvalid").senderFault(true))
                        .build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {}
        };

        List<String> failed = new SqsSourceQueue(sqs, "https://sqs.example/queue")
                .delayRedelivery(List.of(
                        new SourceQueue.Redelivery("m-1", "receipt-1", Duration.ofSeconds(1)),
                        new SourceQueue.Redelivery("m-2", "receipt-2", Duration.ofSeconds(4))));

        assertThat(failed).containsExactly("m-2");
        assertThat(sent.get().queueUrl()).isEqualTo("https://sqs.example/queue");
        assertThat(sent.get().entries())
                .extracting(
                        ChangeMessageVisibilityBatchRequestEntry::receiptHandle,
                        ChangeMessageVisibilityBatchRequestEntry::visibilityTimeout)
                .containsExactly(tuple("receipt-1", 1), tuple("receipt-2", 4));
    }
}
