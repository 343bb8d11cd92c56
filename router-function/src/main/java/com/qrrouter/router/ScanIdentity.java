package com.qrrouter.router;

import java.util.Objects;

/**
 * The business identity of a scan: the same {@code ClientID}, {@code QRCode} and {@code Time} is the same scan,
 * whether it arrives again by SQS redelivery or by a client re-POST. {@link #toString()} never shows the QR code.
 */
public record ScanIdentity(String clientId, String qrCode, String time) {

    public ScanIdentity {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(qrCode, "qrCode");
        Objects.requireNonNull(time, "time");
    }

    /**
     * True if every field is well-formed UTF-16 (no unpaired surrogate), so that its UTF-8 encoding, and with it the
     * idempotency key, is lossless. JSON can carry an unpaired surrogate as an escape (backslash-u-d800).
     */
    public boolean isWellFormedUnicode() {
        return isWellFormed(clientId) && isWellFormed(qrCode) && isWellFormed(time);
    }

    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ScanIdentity[clientId=" + clientId + ", qrCode=***, time=" + time + "]";
    }
}
