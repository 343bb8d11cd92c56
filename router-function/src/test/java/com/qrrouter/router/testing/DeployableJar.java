package com.qrrouter.router.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.local.runtime.SqsEvents;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The deployable jar ({@code target/router-function.jar}, built by {@code package}) as router-function's tests and
 * benchmark run it: in a fresh JVM through local's {@link RouterJvm}, the way the local stack runs it (AWS's runtime
 * interface client against a Runtime API on loopback, Lambda's JVM flags, only the given environment, the jar's own log
 * configuration), invoked with the SQS events of the test fixtures as Lambda sends them (JSON).
 */
public final class DeployableJar {

    /** The queue the records come from, in the local stand-ins' region and account. */
    private static final String QUEUE_ARN =
            "arn:aws:sqs:" + LocalAws.REGION.id() + ":" + LocalAws.ACCOUNT_ID + ":qr-router-test";

    private DeployableJar() {}

    /** The deployable jar. */
    public static Path path() {
        return Path.of("target", "router-function.jar").toAbsolutePath();
    }

    /** Runs the jar's {@code RouterHandler}; set the environment, output and more on the builder. */
    public static RouterJvm.Builder launcher() {
        return RouterJvm.builder(path());
    }

    /**
     * Invokes {@code jvm} with {@code event} as Lambda's SQS event source would, and reads its answer as the event source
     * does.
     *
     * @return the message ids of the batch item failures
     * @throws IllegalStateException if the answer is not a valid partial batch response
     */
    public static List<String> invoke(RouterJvm jvm, SQSEvent event) {
        String answer = jvm.invoke(json(event));
        Set<String> ids = event.getRecords().stream()
                .map(SQSEvent.SQSMessage::getMessageId)
                .collect(Collectors.toSet());
        SqsEvents.BatchResponse response = SqsEvents.batchResponse(answer, ids);
        if (!response.valid()) {
            throw new IllegalStateException("The router's answer is not a valid partial batch response ("
                    + response.invalidReason() + "): " + answer);
        }
        return response.failedIds();
    }

    /**
     * {@code event} as Lambda's SQS event source sends it (JSON): receipt handle, source ARN and region filled in where
     * the fixture leaves them out.
     */
    public static String json(SQSEvent event) {
        List<Message> messages =
                event.getRecords().stream().map(DeployableJar::message).toList();
        String arn =
                event.getRecords().isEmpty() || event.getRecords().getFirst().getEventSourceArn() == null
                        ? QUEUE_ARN
                        : event.getRecords().getFirst().getEventSourceArn();
        String region =
                event.getRecords().isEmpty() || event.getRecords().getFirst().getAwsRegion() == null
                        ? LocalAws.REGION.id()
                        : event.getRecords().getFirst().getAwsRegion();
        return SqsEvents.event(messages, arn, region);
    }

    private static Message message(SQSEvent.SQSMessage record) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        if (record.getMessageAttributes() != null) {
            record.getMessageAttributes()
                    .forEach((name, value) -> attributes.put(
                            name,
                            MessageAttributeValue.builder()
                                    .dataType(value.getDataType())
                                    .stringValue(value.getStringValue())
                                    .build()));
        }
        return Message.builder()
                .messageId(record.getMessageId())
                .receiptHandle(
                        record.getReceiptHandle() != null
                                ? record.getReceiptHandle()
                                : "receipt-" + record.getMessageId())
                .body(record.getBody())
                .md5OfBody(record.getMd5OfBody())
                .md5OfMessageAttributes(record.getMd5OfMessageAttributes())
                .attributesWithStrings(record.getAttributes() != null ? record.getAttributes() : Map.of())
                .messageAttributes(attributes)
                .build();
    }
}
