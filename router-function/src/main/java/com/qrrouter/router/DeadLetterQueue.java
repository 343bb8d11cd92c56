package com.qrrouter.router;

/** Where permanent failures are parked (port; adapter: SQS SendMessage to the DLQ). */
public interface DeadLetterQueue {

    /**
     * Parks the message; returns only when the queue has accepted it.
     *
     * @throws RuntimeException if the message could not be parked (the record is then retried instead)
     */
    void park(ParkedMessage message);
}
