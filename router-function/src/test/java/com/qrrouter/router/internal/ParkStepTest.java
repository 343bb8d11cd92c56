package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.RetryReason;
import com.qrrouter.router.fakes.RecordingDeadLetterQueue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParkStepTest {

    static final Deadline OPEN = Deadline.in(Duration.ofSeconds(10), Duration.ZERO);

    final RecordingDeadLetterQueue deadLetters = new RecordingDeadLetterQueue();
    final ParkStep step = new ParkStep(deadLetters);

    static QueuedRecord record(String clientIdAttribute) {
        return QueuedRecord.of("m1", "not json", "request-1", clientIdAttribute, 2);
    }

    @Test
    void park_whenTheBodyGaveNoClientId_parksWithTheAttributeTheApiSet() {
        Outcome outcome =
                step.park(record("AttributeClient"), new Outcome.Parked(FailureCode.MALFORMED_JSON, "bad", null), OPEN);

        assertThat(outcome).isEqualTo(new Outcome.Parked(FailureCode.MALFORMED_JSON, "bad", "AttributeClient"));
        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.originalMessageId()).isEqualTo("m1");
            assertThat(parked.body()).isEqualTo("not json");
            assertThat(parked.failureCode()).isEqualTo(FailureCode.MALFORMED_JSON);
            assertThat(parked.failureMessage()).isEqualTo("bad");
            assertThat(parked.clientId()).contains("AttributeClient");
            assertThat(parked.correlationId()).contains("request-1");
        });
    }

    @Test
    void park_whenTheBodyGaveAClientId_keepsItOverTheAttribute() {
        Outcome outcome = step.park(
                record("AttributeClient"),
                new Outcome.Parked(FailureCode.UNKNOWN_CLIENT, "no route", "BodyClient"),
                OPEN);

        assertThat(outcome).isEqualTo(new Outcome.Parked(FailureCode.UNKNOWN_CLIENT, "no route", "BodyClient"));
        assertThat(deadLetters.parked())
                .singleElement()
                .satisfies(p -> assertThat(p.clientId()).contains("BodyClient"));
    }

    @Test
    void park_whenNeitherGivesAClientId_parksWithoutOne() {
        step.park(record(null), new Outcome.Parked(FailureCode.MALFORMED_JSON, "bad", null), OPEN);

        assertThat(deadLetters.parked())
                .singleElement()
                .satisfies(p -> assertThat(p.clientId()).isEmpty());
    }

    @Test
    void park_whenTheQueueRefuses_endsAsParkFailedSoTheRecordIsRetried() {
        deadLetters.failWith(new IllegalStateException("SQS down"));

        Outcome outcome = step.park(record(null), new Outcome.Parked(FailureCode.MALFORMED_JSON, "bad", null), OPEN);

        assertThat(outcome).isInstanceOf(Outcome.ParkFailed.class);
        assertThat(Outcome.label(outcome)).isEqualTo("RETRY_" + RetryReason.PARK_FAILED);
        assertThat(((Outcome.ParkFailed) outcome).parked().code()).isEqualTo(FailureCode.MALFORMED_JSON);
    }

    @Test
    void park_whenNoCallCanEndBeforeTheDeadline_parksNothingAndRetries() {
        Deadline closed = Deadline.in(Duration.ofMillis(100), Duration.ofSeconds(1));

        Outcome outcome = step.park(record(null), new Outcome.Parked(FailureCode.MALFORMED_JSON, "bad", null), closed);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Outcome.Retry.class, retry -> assertThat(retry.reason()).isEqualTo(RetryReason.DEADLINE));
        assertThat(deadLetters.parked()).isEmpty();
    }
}
