package com.qrrouter.schema;

import java.util.Objects;

/**
 * One reason why a body is not a valid QR message.
 *
 * @param code machine-readable reason
 * @param pointer JSON pointer (RFC 6901) of the offending value, {@code ""} for the whole body; for a missing
 *     property the pointer of where it should be (e.g. {@code /ClientID})
 * @param message human-readable text that says what was expected; it never repeats the submitted value, so it is
 *     safe to log and to return to a client
 */
public record ValidationError(ValidationErrorCode code, String pointer, String message) {

    public ValidationError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }
}
