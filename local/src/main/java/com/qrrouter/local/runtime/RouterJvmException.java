package com.qrrouter.local.runtime;

/**
 * A router JVM did not do what was asked: it did not start, its handler failed to construct or failed an invocation,
 * it did not answer in time, or it ended. The message says which and, for the handler's failures, carries its stack
 * trace.
 */
public final class RouterJvmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong; whether the JVM lives on after it is {@link RouterJvm#isAlive()}. */
    public enum Failure {
        /** The JVM ended or did not connect before its handler was constructed. */
        NOT_STARTED,
        /** The handler's construction threw (the JVM ends, exit 1). */
        INIT_ERROR,
        /** The handler threw during an invocation; the JVM serves the next one. */
        HANDLER_ERROR,
        /** No answer by the function timeout; the JVM was killed. */
        TIMED_OUT,
        /** The JVM ended during a request (a crash, {@link RouterJvm#kill()}). */
        ENDED
    }

    private final Failure failure;

    RouterJvmException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
