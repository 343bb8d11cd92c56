package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.schema.Examples;
import com.qrrouter.schema.QrMessageSchema;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodeStepTest {

    static final Examples.Example SEED = Examples.valid("01-seed-sample");
    static final String QR_CODE = SEED.field("QRCode");
    static final String SEED_BODY = SEED.text();

    final DecodeStep step = new DecodeStep(QrMessageSchema.v1());

    static QueuedRecord record(String body) {
        return QueuedRecord.of("m1", body, "c1", "AttributeClient", 1);
    }

    Outcome.Parked rejection(String body) {
        StepResult<DecodeStep.Decoded> result = step.decode(record(body));
        assertThat(result.ended()).as("rejected").isTrue();
        assertThat(result.outcome()).isInstanceOf(Outcome.Parked.class);
        return (Outcome.Parked) result.outcome();
    }

    @Test
    void decode_whenSeedMessage_handsOnTheScanAndTheBodyBytesUnchanged() {
        StepResult<DecodeStep.Decoded> result = step.decode(record(SEED_BODY));

        assertThat(result.ended()).isFalse();
        assertThat(result.value().scan())
                .isEqualTo(new ScanIdentity(SEED.field("ClientID"), QR_CODE, SEED.field("Time")));
        assertThat(result.value().payload()).isEqualTo(SEED_BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decode_whenBodyEmpty_rejectsAsMalformedJson() {
        Outcome.Parked parked = rejection("");

        assertThat(parked.code()).isEqualTo(FailureCode.MALFORMED_JSON);
        assertThat(parked.reason()).isEqualTo("The message body is empty.");
    }

    @Test
    void decode_whenNotJsonOrDuplicateKeyOrTooDeep_rejectsAsMalformedJson() {
        String nested =
                "[".repeat(QrMessageSchema.MAX_NESTING_DEPTH + 2) + "]".repeat(QrMessageSchema.MAX_NESTING_DEPTH + 2);

        assertThat(rejection("not json").code()).isEqualTo(FailureCode.MALFORMED_JSON);
        assertThat(rejection(SEED_BODY.replace("{", "{\"STATE\":\"ACTIVE\",")).code())
                .isEqualTo(FailureCode.MALFORMED_JSON);
        assertThat(rejection(nested).code()).isEqualTo(FailureCode.MALFORMED_JSON);
    }

    @Test
    void decode_whenLargerThanTheSchemaAllows_rejectsAsMessageTooLarge() {
        String large =
                SEED.with("TEST", "x".repeat(QrMessageSchema.MAX_MESSAGE_BYTES)).text();

        assertThat(rejection(large).code()).isEqualTo(FailureCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void decode_whenSchemaViolation_namesPointerAndRuleButNeitherValueNorClientId() {
        Outcome.Parked parked = rejection(SEED.with("Time", "20231301T231010").text());

        assertThat(parked.code()).isEqualTo(FailureCode.SCHEMA_VIOLATION);
        assertThat(parked.reason()).startsWith("Invalid QR message: /Time ").doesNotContain(QR_CODE);
        assertThat(parked.clientId()).as("the park step decides the ClientID").isNull();
    }

    @Test
    void decode_whenManyErrors_namesFiveAndCountsTheRest() {
        String body = "{\"ClientID\":\"\",\"QRCode\":\"\",\"Time\":\"x\",\"STATE\":\"NOPE\",\"LOCATION\":7,\"TEST\":7,"
                + "\"Unknown\":1}";

        Outcome.Parked parked = rejection(body);

        assertThat(parked.code()).isEqualTo(FailureCode.SCHEMA_VIOLATION);
        assertThat(parked.reason().split("; ")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(parked.reason()).matches("Invalid QR message: .*; and \\d+ more\\.");
    }

    @Test
    void decode_whenTheQrCodeHoldsAnUnpairedSurrogate_rejectsAsSchemaViolation() {
        Outcome.Parked parked =
                rejection(SEED.withJson("QRCode", "\"A\\ud800\"").text());

        assertThat(parked.code()).isEqualTo(FailureCode.SCHEMA_VIOLATION);
        assertThat(parked.reason()).contains("/QRCode");
    }
}
