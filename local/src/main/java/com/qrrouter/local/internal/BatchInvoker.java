package com.qrrouter.local.internal;

import com.qrrouter.local.runtime.SqsRecord;
import java.util.List;

/** The function behind the SQS event source: takes a batch, answers the ids of the records that failed. */
public interface BatchInvoker extends AutoCloseable {

    /**
     * Invokes the function with one batch.
     *
     * @return the message ids of the batch item failures (empty: every record is done; an id not in the batch, or a
     *     {@code null} one, fails the whole batch, as with Lambda)
     * @throws InvocationFailedException if the invocation as a whole failed: every record is retried
     */
    List<String> invoke(List<SqsRecord> records);

    @Override
    void close();

    /** The function did not answer a batch (init error, crash, timeout, unhandled exception). */
    final class InvocationFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvocationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
