package com.qrrouter.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link QrMessageSchema#validate(byte[])}: either no errors and the parsed message, or at least one
 * error and no message.
 *
 * @param errors the reasons, in a stable order (by pointer, then code); empty if the body is valid
 * @param message the parsed message, present if and only if the body is valid
 */
public record ValidationResult(List<ValidationError> errors, Optional<QrMessage> message) {

    public ValidationResult {
        errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
        Objects.requireNonNull(message, "message");
        if (errors.isEmpty() != message.isPresent()) {
            throw new IllegalArgumentException("a result has either errors or a message, not both and not neither");
        }
    }

    /** A valid result. */
    public static ValidationResult valid(QrMessage message) {
        return new ValidationResult(List.of(), Optional.of(message));
    }

    /** An invalid result; {@code errors} must not be empty. */
    public static ValidationResult invalid(List<ValidationError> errors) {
        return new ValidationResult(errors, Optional.empty());
    }

    /** {@code true} if the body is a valid QR message. */
    public boolean isValid() {
        return errors.isEmpty();
    }
}
