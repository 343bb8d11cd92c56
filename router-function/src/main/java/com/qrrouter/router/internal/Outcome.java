package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;

/** What routing one record came to. */
public sealed interface Outcome {

    /** Published to {@code topic}. */
    record Published(String topic, String clientId) implements Outcome {}

    /** The same scan was already published inside the idempotency window; nothing was published. */
    record Duplicate(String clientId) implements Outcome {}

    /** A permanent failure: to be parked in the dead-letter queue. */
    record Parked(FailureCode code, String reason, String clientId) implements Outcome {}

    /** A transient failure: to be reported as a batch item failure so that SQS retries it. */
    record Retry(RetryReason reason, String detail) implements Outcome {}
}
