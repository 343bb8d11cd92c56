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

    @Override
    public String toString() {
        return "ScanIdentity[clientId=" + clientId + ", qrCode=***, time=" + time + "]";
    }
}
