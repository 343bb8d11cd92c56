package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.IdempotencyGuard.Claim;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.schema.Examples;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;

/**
 * What {@link PowertoolsIdempotencyGuard} promises, run against every persistence store it is used with: the in-memory
 * fake of the unit tests ({@link PowertoolsIdempotencyGuardTest}) and the real DynamoDB store on dynalite
 * ({@link DynamoDbIdempotencyStoreIT}). A fake that compares better than the real store once hid a defect here.
 */
abstract class IdempotencyGuardContract {

    protected static final class MutableClock extends Clock {
        // Near the real time: Powertools' DataRecord.getStatus() compares with the wall clock.
        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final Examples.Example SEED = Examples.valid("01-seed-sample");

    protected final MutableClock clock = new MutableClock();
    /** The seed sample's scan, its QR code made unique so that stores shared between tests cannot collide. */
    protected final ScanIdentity scan = new ScanIdentity(
            SEED.field("ClientID"), SEED.field("QRCode") + "-" + UUID.randomUUID(), SEED.field("Time"));

    protected final Duration remaining = Duration.ofSeconds(20);

    /** The SHA-256 of the scan's body, and of another body of the same scan (e.g. STATE BLOCKED instead of ACTIVE). */
    protected static final String BODY_HASH = DecodeStep.sha256(SEED.text().getBytes(StandardCharsets.UTF_8));

    protected static final String OTHER_BODY_HASH =
            DecodeStep.sha256(SEED.with("STATE", "BLOCKED").text().getBytes(StandardCharsets.UTF_8));
    private PowertoolsIdempotencyGuard guard;

    /** A fresh store (or one whose keys cannot collide with other tests'). */
    protected abstract BasePersistenceStore store();

    /** Number of idempotency records the store holds for this test's scans. */
    protected abstract int recordCount();

    @BeforeEach
    void createGuard() {
        guard = PowertoolsIdempotencyGuard.create(store(), Duration.ofHours(1), clock);
    }

    protected PowertoolsIdempotencyGuard guard() {
        return guard;
    }

    @Test
    void claim_whenNew_claims() {
        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
        assertThat(recordCount()).isEqualTo(1);
    }

    @Test
    void claim_whenCompletedInsideWindow_isAlreadyPublished() {
        guard.claim(scan, BODY_HASH, remaining);
        guard.complete(scan, BODY_HASH, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(59));

        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.ALREADY_PUBLISHED);
    }

    @Test
    void claim_whenWindowPassed_claimsAgain() {
        guard.claim(scan, BODY_HASH, remaining);
        guard.complete(scan, BODY_HASH, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(61));

        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void claim_whenAnotherAttemptHoldsIt_isInProgress() {
        guard.claim(scan, BODY_HASH, remaining);

        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.IN_PROGRESS);
    }

    @Test
    void claim_whenHolderDiedAndItsInProgressTimePassed_claimsAgain() {
        guard.claim(scan, BODY_HASH, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(4));
        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.IN_PROGRESS);

        clock.advance(Duration.ofSeconds(2));
        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void release_whenClaimed_forgetsTheClaimSoTheNextAttemptPublishes() {
        guard.claim(scan, BODY_HASH, remaining);
        guard.release(scan, BODY_HASH, new IllegalStateException("parked"));

        assertThat(recordCount()).isZero();
        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void claim_whenOtherFieldsDiffer_keysOnClientQrCodeAndTimeOnly() {
        guard.claim(scan, BODY_HASH, remaining);

        assertThat(guard.claim(new ScanIdentity("OtherClient", scan.qrCode(), scan.time()), BODY_HASH, remaining))
                .isEqualTo(Claim.CLAIMED);
        assertThat(guard.claim(new ScanIdentity(scan.clientId(), "other", scan.time()), BODY_HASH, remaining))
                .isEqualTo(Claim.CLAIMED);
        assertThat(guard.claim(
                        new ScanIdentity(scan.clientId(), scan.qrCode(), "20231201T231011"), BODY_HASH, remaining))
                .isEqualTo(Claim.CLAIMED);
        assertThat(recordCount()).isEqualTo(4);
    }

    @Test
    void claim_whenCompletedAndInProgressTimePassed_isStillAlreadyPublished() {
        guard.claim(scan, BODY_HASH, Duration.ofSeconds(5));
        guard.complete(scan, BODY_HASH, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(10));

        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.ALREADY_PUBLISHED);
    }

    @Test
    void claim_whenPublishedWithAnotherBodyInsideWindow_isConflicting() {
        guard.claim(scan, BODY_HASH, remaining);
        guard.complete(scan, BODY_HASH, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(30));

        assertThat(guard.claim(scan, OTHER_BODY_HASH, remaining)).isEqualTo(Claim.CONFLICTING);
        assertThat(guard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.ALREADY_PUBLISHED);
    }

    @Test
    void claim_whenInProgressWithAnotherBody_isConflicting() {
        guard.claim(scan, BODY_HASH, remaining);

        assertThat(guard.claim(scan, OTHER_BODY_HASH, remaining)).isEqualTo(Claim.CONFLICTING);
    }

    @Test
    void claim_whenAnotherBodyAfterTheWindow_claims() {
        guard.claim(scan, BODY_HASH, remaining);
        guard.complete(scan, BODY_HASH, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(61));

        assertThat(guard.claim(scan, OTHER_BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void claim_whenAnotherBodyAfterARelease_claims() {
        guard.claim(scan, BODY_HASH, remaining);
        guard.release(scan, BODY_HASH, new IllegalStateException("parked"));

        assertThat(guard.claim(scan, OTHER_BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
    }
}
