package com.qrrouter.router;

/**
 * Machine-readable reason a message was parked in the dead-letter queue (SQS message attribute
 * {@code FailureCode}). Each is a permanent failure: retrying the same message cannot succeed until something is
 * fixed (the message by its sender, the route by an operator).
 */
public enum FailureCode {
    /** The body is not JSON, or nested too deeply: the sender must fix the message. */
    MALFORMED_JSON,
    /** The body is larger than the schema allows: the sender must fix the message. */
    MESSAGE_TOO_LARGE,
    /** The body is JSON but violates the QR message schema: the sender must fix the message. */
    SCHEMA_VIOLATION,
    /** No route for the ClientID: add one to the routes table, then redrive. */
    UNKNOWN_CLIENT,
    /** The routed topic is not a valid IoT topic under the stage's prefix: fix the route, then redrive. */
    FORBIDDEN_TOPIC,
    /**
     * The posting team ({@code CallerTeam} attribute) is not one the route's {@code AllowedTeams} names, or the message
     * carries no team, or the route names none (fail closed): a team may address only its own ClientIDs.
     */
    FORBIDDEN_CALLER,
    /**
     * The scan is older than its limit (the route's {@code MaxScanAgeSeconds}, else the stage's
     * {@code MAX_SCAN_AGE_SECONDS}), counted from {@code AcceptedAt}, or carries no {@code AcceptedAt}: a door must
     * never act on a stale scan. Not to be redriven; the person scans again.
     */
    STALE_SCAN,
    /**
     * The same scan (ClientID, QRCode, Time) came with a different body inside the idempotency window: a
     * contradiction (e.g. ACTIVE, then BLOCKED), surfaced instead of dropped; the sender decides which one holds.
     */
    CONFLICTING_DUPLICATE,
    /** IoT Core refused the publish for good (HTTP 400, 403 or 413): fix the cause (policy, topic, size), redrive. */
    PUBLISH_REJECTED,
    /**
     * A transient failure (the reason is in the message) lasted until the message's last allowed receive: the router
     * parked it itself, so it never reaches the DLQ without a reason. Fix the cause, then redrive.
     */
    RETRIES_EXHAUSTED
}
