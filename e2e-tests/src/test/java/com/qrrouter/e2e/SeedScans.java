package com.qrrouter.e2e;

import com.qrrouter.schema.Examples;

/**
 * The scans the suites post: the contract's seed sample ({@code schemas/examples/valid/01-seed-sample.json}) with the
 * {@code ClientID} and QR code a case needs, every other byte the seed's.
 */
final class SeedScans {

    /** The seed sample itself, as {@code ./run local} prints it. */
    static final Examples.Example SEED_SAMPLE = Examples.valid("01-seed-sample");

    private SeedScans() {}

    /** The seed sample with this {@code ClientID} and QR code, as the bytes a client posts. */
    static byte[] of(String clientId, String qrCode) {
        return SEED_SAMPLE.with("ClientID", clientId).with("QRCode", qrCode).bytes();
    }
}
