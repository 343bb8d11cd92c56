package com.qrrouter.router;

import java.time.Duration;
import java.util.List;

/**
 * The queue the router consumes (port; adapter: SQS {@code ChangeMessageVisibility}). A record reported as a batch
 * item failure becomes visible again after a short delay instead of the whole visibility timeout.
 */
public interface SourceQueue {

    /** Makes no change: a retried record waits the queue's visibility timeout. */
    SourceQueue NONE = redeliveries -> List.of();

    /**
     * One record to be delivered again after {@code delay}.
     *
     * @param messageId the record's message id (for logs)
     * @param receiptHandle the receipt handle of this receive
     * @param delay the new visibility timeout, whole seconds
     */
    record Redelivery(String messageId, String receiptHandle, Duration delay) {}

    /**
     * Sets the visibility of each record (one call for up to ten).
     *
     * @return the message ids whose visibility could not be changed (they wait the visibility timeout)
     * @throws RuntimeException if the queue cannot be reached
     */
    List<String> delayRedelivery(List<Redelivery> redeliveries);
}
