package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.schema.QrMessage;
import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.schema.ValidationError;
import com.qrrouter.schema.ValidationErrorCode;
import com.qrrouter.schema.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Step 1 of a record's path: decode and validate the body with the {@code schemas/} API. Its one job is to turn the
 * body into a scan, or to reject it as a permanent failure with the {@link FailureCode} of the first kind of problem:
 * {@code MALFORMED_JSON} (empty, not JSON, duplicate keys, nested too deeply), {@code MESSAGE_TOO_LARGE} or
 * {@code SCHEMA_VIOLATION}. Makes no outside call.
 */
public final class DecodeStep {

    private static final int MAX_REASON_ERRORS = 5;

    private final QrMessageSchema schema;

    public DecodeStep(QrMessageSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /**
     * A valid message.
     *
     * @param scan its business identity, the idempotency key
     * @param payload the body's bytes, published unchanged
     * @param bodySha256 the SHA-256 of those bytes (hex): tells a repeated scan from a contradicting one
     */
    public record Decoded(ScanIdentity scan, byte[] payload, String bodySha256) {}

    public StepResult<Decoded> decode(QueuedRecord record) {
        if (record.body().isEmpty()) {
            return StepResult.end(new Outcome.Parked(FailureCode.MALFORMED_JSON, "The message body is empty.", null));
        }
        byte[] payload = record.body().getBytes(StandardCharsets.UTF_8);
        ValidationResult result = schema.validate(payload);
        Optional<QrMessage> message = result.message();
        if (!result.isValid() || message.isEmpty()) {
            return StepResult.end(rejected(result.errors()));
        }
        QrMessage qr = message.get();
        ScanIdentity scan = new ScanIdentity(qr.clientId(), qr.qrCode(), qr.time());
        if (!scan.isWellFormedUnicode()) {
            // Two different scans must never share an idempotency key: text that is not well-formed (an unpaired
            // surrogate, sent as a JSON escape) would be encoded lossily (QRCode "A" + U+D800 like "A?") when hashed.
            return StepResult.end(new Outcome.Parked(
                    FailureCode.SCHEMA_VIOLATION,
                    "Invalid QR message: ClientID, QRCode or Time holds an unpaired UTF-16 surrogate.",
                    null));
        }
        return StepResult.next(new Decoded(scan, payload, sha256(payload)));
    }

    /** The SHA-256 of {@code bytes}, lower-case hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static Outcome.Parked rejected(List<ValidationError> errors) {
        FailureCode code = FailureCode.SCHEMA_VIOLATION;
        for (ValidationError error : errors) {
            if (error.code() == ValidationErrorCode.INVALID_JSON
                    || error.code() == ValidationErrorCode.TOO_DEEP
                    || error.code() == ValidationErrorCode.DUPLICATE_KEY) {
                code = FailureCode.MALFORMED_JSON;
                break;
            }
            if (error.code() == ValidationErrorCode.TOO_LARGE) {
                code = FailureCode.MESSAGE_TOO_LARGE;
            }
        }
        // Pointer and code only: an error's message or value could quote the QR code.
        String detail = errors.stream()
                .limit(MAX_REASON_ERRORS)
                .map(error -> (error.pointer() == null || error.pointer().isEmpty() ? "/" : error.pointer()) + " "
                        + error.code())
                .collect(Collectors.joining("; "));
        if (errors.size() > MAX_REASON_ERRORS) {
            detail += "; and " + (errors.size() - MAX_REASON_ERRORS) + " more";
        }
        if (detail.isEmpty()) {
            detail = "the body is not a valid QR message";
        }
        return new Outcome.Parked(code, "Invalid QR message: " + detail + ".", null);
    }
}
