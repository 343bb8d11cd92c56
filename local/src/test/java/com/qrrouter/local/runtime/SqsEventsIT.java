package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** SQS's event as Lambda sends it, built from what ElasticMQ's {@code ReceiveMessage} answers. */
class SqsEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalSqs sqs;
    private String queueUrl;

    @BeforeEach
    void start() {
        sqs = LocalSqs.start();
        queueUrl = sqs.createQueue("events");
    }

    @AfterEach
    void stop() {
        sqs.close();
    }

    @Test
    void event_whenBuiltFromAReceiveMessageAnswer_carriesEveryFieldByLambdasNames() throws Exception {
        String body = "{\"ClientID\":\"DemoClient\"}";
        sqs.client()
                .sendMessage(b -> b.queueUrl(queueUrl)
                        .messageBody(body)
                        .messageAttributes(Map.of(
                                "CallerTeam",
                                        MessageAttributeValue.builder()
                                                .dataType("String")
                                                .stringValue("demo-team")
                                                .build(),
                                "AcceptedAt",
                                        MessageAttributeValue.builder()
                                                .dataType("Number")
                                                .stringValue("1765000000000")
                                                .build(),
                                "Blob",
                                        MessageAttributeValue.builder()
                                                .dataType("Binary")
                                                .binaryValue(SdkBytes.fromUtf8String("bytes"))
                                                .build())));
        List<Message> received = sqs.client()
                .receiveMessage(b -> b.queueUrl(queueUrl)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
        String arn = sqs.queueArn(queueUrl);

        JsonNode event = JSON.readTree(SqsEvents.event(received, arn, LocalAws.REGION.id()));

        assertThat(event.path("Records")).hasSize(1);
        JsonNode record = event.path("Records").get(0);
        Message message = received.get(0);
        assertThat(record.path("messageId").asText()).isEqualTo(message.messageId());
        assertThat(record.path("receiptHandle").asText()).isEqualTo(message.receiptHandle());
        assertThat(record.path("body").asText()).isEqualTo(body);
        assertThat(record.path("md5OfBody").asText()).isEqualTo(md5(body));
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.path("eventSourceARN").asText()).isEqualTo(arn);
        assertThat(record.path("awsRegion").asText()).isEqualTo(LocalAws.REGION.id());
        JsonNode attributes = record.path("attributes");
        assertThat(attributes.path("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(attributes.path("SentTimestamp").asText()).matches("\\d{13}");
        assertThat(attributes.path("ApproximateFirstReceiveTimestamp").asText()).matches("\\d{13}");
        assertThat(attributes.path("SenderId").asText()).isNotBlank();
        JsonNode team = record.path("messageAttributes").path("CallerTeam");
        assertThat(team.path("stringValue").asText()).isEqualTo("demo-team");
        assertThat(team.path("dataType").asText()).isEqualTo("String");
        assertThat(team.path("stringListValues").isArray()).isTrue();
        assertThat(team.path("binaryListValues").isArray()).isTrue();
        assertThat(team.has("binaryValue")).isFalse();
        JsonNode acceptedAt = record.path("messageAttributes").path("AcceptedAt");
        assertThat(acceptedAt.path("dataType").asText()).isEqualTo("Number");
        assertThat(acceptedAt.path("stringValue").asText()).isEqualTo("1765000000000");
        JsonNode blob = record.path("messageAttributes").path("Blob");
        assertThat(blob.path("binaryValue").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("bytes".getBytes(StandardCharsets.UTF_8)));
        assertThat(record.path("md5OfMessageAttributes").asText()).isEqualTo(message.md5OfMessageAttributes());
    }

    @Test
    void event_whenAMessageIsGivenTwice_carriesTwoRecordsInOrder() throws Exception {
        sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("a"));
        sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("b"));
        List<Message> received = sqs.client()
                .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10))
                .messages();
        Message first = received.get(0);

        JsonNode event = JSON.readTree(
                SqsEvents.event(List.of(first, first, received.get(1)), sqs.queueArn(queueUrl), LocalAws.REGION.id()));

        assertThat(event.path("Records").findValuesAsText("messageId"))
                .containsExactly(
                        first.messageId(), first.messageId(), received.get(1).messageId());
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
