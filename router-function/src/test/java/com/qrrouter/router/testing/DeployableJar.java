package com.qrrouter.router.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.local.runtime.SqsRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployable jar ({@code target/router-function.jar}, built by {@code package}) as router-function's tests and
 * benchmark run it: in a fresh JVM through local's {@link RouterJvm}, the way the local stack runs it (Lambda's JVM
 * flags, only the given environment, the jar's own log configuration), and the SQS events of the test fixtures as the
 * records it is invoked with.
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
     * The records of {@code event} as the SQS event source hands them to the function: receipt handle, source ARN and
     * region filled in where the fixture leaves them out.
     */
    public static List<SqsRecord> records(SQSEvent event) {
        return event.getRecords().stream().map(DeployableJar::record).toList();
    }

    private static SqsRecord record(SQSEvent.SQSMessage message) {
        Map<String, SqsRecord.Attribute> attributes = new LinkedHashMap<>();
        if (message.getMessageAttributes() != null) {
            message.getMessageAttributes()
                    .forEach((name, value) ->
                            attributes.put(name, new SqsRecord.Attribute(value.getDataType(), value.getStringValue())));
        }
        return new SqsRecord(
                message.getMessageId(),
                message.getReceiptHandle() != null ? message.getReceiptHandle() : "receipt-" + message.getMessageId(),
                message.getBody(),
                message.getMd5OfBody(),
                message.getMd5OfMessageAttributes(),
                message.getEventSourceArn() != null ? message.getEventSourceArn() : QUEUE_ARN,
                message.getAwsRegion() != null ? message.getAwsRegion() : LocalAws.REGION.id(),
                message.getAttributes() != null ? message.getAttributes() : Map.of(),
                attributes);
    }
}
