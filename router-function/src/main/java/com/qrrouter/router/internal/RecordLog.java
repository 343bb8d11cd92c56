package com.qrrouter.router.internal;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.qrrouter.router.RetryReason;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;

/**
 * The log lines of the batch class about a record: the one line per record with what it came to, and the lines for a
 * record that never reached its end. Every line carries {@code messageId}, {@code clientId} and {@code outcome} as
 * JSON fields (structured arguments); the correlation id comes from the MDC. Never a QR code.
 */
final class RecordLog {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);

    private RecordLog() {}

    /** The record's line: what its path came to. */
    static void outcome(QueuedRecord record, Outcome outcome, long startNanos) {
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        StructuredArgument messageId = entry("messageId", record.messageId());
        StructuredArgument result = entry("outcome", Outcome.label(outcome));
        StructuredArgument receiveCount = entry("receiveCount", record.receiveCount());
        StructuredArgument latency = entry("latencyMs", latencyMillis);
        switch (outcome) {
            case Outcome.Published published ->
                LOG.info(
                        "Record published {} {} {} {} {} {}",
                        messageId,
                        result,
                        entry("clientId", published.clientId()),
                        entry("topic", published.topic()),
                        receiveCount,
                        latency);
            case Outcome.Duplicate duplicate ->
                LOG.info(
                        "Record is a duplicate, not published again {} {} {} {} {}",
                        messageId,
                        result,
                        entry("clientId", duplicate.clientId()),
                        receiveCount,
                        latency);
            case Outcome.Parked parked -> rejected(parked, messageId, result, receiveCount, latency);
            case Outcome.ParkFailed failed -> rejected(failed.parked(), messageId, result, receiveCount, latency);
            case Outcome.Retry retry ->
                LOG.warn(
                        "Record failed, SQS will retry it {} {} {} {} {} {}",
                        messageId,
                        result,
                        entry("clientId", record.clientIdForLog()),
                        entry("reason", retry.detail()),
                        receiveCount,
                        latency);
        }
    }

    private static void rejected(
            Outcome.Parked parked,
            StructuredArgument messageId,
            StructuredArgument result,
            StructuredArgument receiveCount,
            StructuredArgument latency) {
        LOG.warn(
                "Record rejected {} {} {} {} {} {} {}",
                messageId,
                result,
                entry("failureCode", parked.code()),
                entry("clientId", parked.clientId() == null ? "" : parked.clientId()),
                entry("reason", parked.reason()),
                receiveCount,
                latency);
    }

    /** SQS put the same message into the batch twice: the second copy is not handled. */
    static void deliveredTwice(QueuedRecord record) {
        LOG.info(
                "Message delivered twice in one batch, handled once {} {} {}",
                entry("messageId", record.messageId()),
                entry("clientId", record.clientIdForLog()),
                entry("outcome", "DELIVERED_TWICE"));
    }

    /** The record's worker was not done at the deadline. */
    static void notDoneByDeadline(QueuedRecord record) {
        LOG.warn(
                "Record not done before the deadline; SQS will retry it {} {} {}",
                entry("messageId", record.messageId()),
                entry("clientId", record.clientIdForLog()),
                entry("outcome", "RETRY_" + RetryReason.DEADLINE));
    }

    /** The record's worker threw (a bug: the path turns every failure of an outside system into an outcome). */
    static void failedUnexpectedly(QueuedRecord record, Throwable cause) {
        LOG.error(
                "Record failed unexpectedly {} {} {}",
                entry("messageId", record.messageId()),
                entry("clientId", record.clientIdForLog()),
                entry("outcome", "RETRY_" + RetryReason.UNEXPECTED),
                cause);
    }

    /** A retried record's redelivery delay could not be set: it waits the queue's visibility timeout. */
    static void redeliveryNotDelayed(QueuedRecord record, String why) {
        LOG.warn(
                "Could not shorten the retried record's visibility; SQS delivers it after the visibility timeout {} {} {}"
                        + " {}",
                entry("messageId", record.messageId()),
                entry("clientId", record.clientIdForLog()),
                entry("outcome", "RETRY_VISIBILITY_UNCHANGED"),
                entry("reason", why));
    }
}
