package com.qrrouter.schema;

/**
 * Machine-readable reason why a body is not a valid QR message. The router puts it into the {@code FailureCode}
 * attribute of a parked (DLQ) message; the API front answers it in the JSON error body.
 */
public enum ValidationErrorCode {
    /** The body is missing, empty, not UTF-8 JSON, or has content after the JSON value. */
    INVALID_JSON,
    /** The body is longer than {@link QrMessageSchema#MAX_MESSAGE_BYTES}. */
    TOO_LARGE,
    /** The JSON nests objects or arrays deeper than {@link QrMessageSchema#MAX_NESTING_DEPTH}. */
    TOO_DEEP,
    /** An object has the same property name twice (JSON parsers disagree on which one wins, so it is refused). */
    DUPLICATE_KEY,
    /** The body is valid JSON but not an object (array, string, number, boolean or null). */
    NOT_AN_OBJECT,
    /** A required property is missing. */
    REQUIRED,
    /** A property has the wrong JSON type (e.g. a number or null where a string is expected). */
    TYPE,
    /** A string is shorter than allowed. */
    MIN_LENGTH,
    /** A string is longer than allowed. */
    MAX_LENGTH,
    /** A string has characters or a format that the property does not allow. */
    PATTERN,
    /**
     * A string has a character that the pipeline cannot carry: the noncharacters U+FFFE and U+FFFF (SQS refuses
     * them) or an unpaired surrogate such as a lone {@code \u005Cud800} escape (not Unicode text; it would be hashed as
     * {@code ?} in the idempotency key). Takes the place of {@link #PATTERN} for the same property.
     */
    INVALID_CHARACTER,
    /** A value is not one of the allowed values. */
    ENUM,
    /** {@code Time} has the right format but is not a real calendar date and time (e.g. 30 February). */
    INVALID_TIME,
    /** The object has a property that the contract does not define. */
    UNKNOWN_PROPERTY,
    /** Any other schema constraint (only if a later revision uses a keyword this enum does not name yet). */
    CONSTRAINT
}
