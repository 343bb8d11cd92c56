package com.qrrouter.schema;

/**
 * A valid QR message as parsed. The body itself travels on unchanged (byte-exact); this view is for routing and
 * idempotency. Optional properties that are absent are {@code null}.
 *
 * <p>{@link #toString()} masks the QR code so that logging a message by accident never leaks it.
 *
 * @param clientId {@code ClientID}
 * @param qrCode {@code QRCode}, a secret: never log it
 * @param time {@code Time}, {@code yyyyMMdd'T'HHmmss}
 * @param state {@code STATE}
 * @param location {@code LOCATION} or {@code null}
 * @param test {@code TEST} or {@code null}
 */
public record QrMessage(String clientId, String qrCode, String time, String state, String location, String test) {

    @Override
    public String toString() {
        return "QrMessage[clientId=" + clientId + ", qrCode=***, time=" + time + ", state=" + state + ", location="
                + location + ", test=" + test + "]";
    }
}
