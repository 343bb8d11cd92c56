package com.qrrouter.local.runtime;

import java.util.Map;

/**
 * One SQS message as the Lambda SQS event source hands it to a function (the fields of an {@code SQSEvent} record).
 * Plain JDK types only: this travels between the stack and the router's own JVM.
 */
public record SqsRecord(
        String messageId,
        String receiptHandle,
        String body,
        String md5OfBody,
        String md5OfMessageAttributes,
        String eventSourceArn,
        String awsRegion,
        Map<String, String> attributes,
        Map<String, Attribute> messageAttributes) {

    /** A message attribute: its data type and string value (binary attributes are not used by the pipeline). */
    public record Attribute(String dataType, String stringValue) {}

    public SqsRecord {
        attributes = Map.copyOf(attributes);
        messageAttributes = Map.copyOf(messageAttributes);
    }

    /** Never prints the body: it carries a QR code. */
    @Override
    public String toString() {
        return "SqsRecord[messageId=" + messageId + "]";
    }
}
