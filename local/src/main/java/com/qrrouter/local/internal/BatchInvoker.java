package com.qrrouter.local.internal;

/**
 * The function behind the SQS event source: takes an event (SQS's JSON, as Lambda sends it), answers what the function
 * returned (its partial batch response, as Lambda's Java runtime serialized it).
 */
public interface BatchInvoker extends AutoCloseable {

    /**
     * Invokes the function with one event.
     *
     * @return the function's answer (JSON; read by {@code SqsEvents.batchResponse})
     * @throws InvocationFailedException if the invocation as a whole failed: every record is retried
     */
    String invoke(String event);

    @Override
    void close();

    /** The function did not answer an event (init error, crash, timeout, invocation error). */
    final class InvocationFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvocationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
