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
    FORBIDDEN_TOPIC
}
