package com.qrrouter.router;

/**
 * Why a record was reported as a batch item failure, so that SQS delivers it again (transient failures). After
 * {@code maxReceiveCount} receives SQS moves it to the dead-letter queue by itself.
 */
public enum RetryReason {
    /** A service throttled the call (HTTP 429 or a throttling error code). */
    THROTTLED,
    /** A service answered with a 5xx error. */
    SERVICE_ERROR,
    /** A call timed out. */
    TIMEOUT,
    /** The service could not be reached (connection refused, reset, DNS). */
    CONNECTION_ERROR,
    /** Another attempt is publishing the same scan right now. */
    IN_PROGRESS,
    /** The message was a permanent failure but could not be parked in the dead-letter queue. */
    PARK_FAILED,
    /** The function ran out of time before the record was done. */
    DEADLINE,
    /** Any other error (e.g. missing permission, missing table): retried so that nothing is lost. */
    UNEXPECTED
}
