package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.IdempotencyGuard.Claim;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

class PowertoolsIdempotencyGuardTest {

    static final class MutableClock extends Clock {
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

    private final InMemoryPersistenceStore store = new InMemoryPersistenceStore();
    private final MutableClock clock = new MutableClock();
    private final PowertoolsIdempotencyGuard guard =
            PowertoolsIdempotencyGuard.create(store, Duration.ofHours(1), clock);
    private final ScanIdentity scan = new ScanIdentity("DemoClient", "vwWT)Np=+6-vGzTiopED", "20231201T231010");
    private final Duration remaining = Duration.ofSeconds(20);

    @Test
    void claim_whenNew_claimsAndStoresAHashedKeyWithoutTheQrCode() {
        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.CLAIMED);

        assertThat(store.records().entrySet()).singleElement().satisfies(entry -> {
            assertThat(entry.getKey()).doesNotContain("vwWT").matches(".*#[0-9a-f]{40,64}");
            assertThat(entry.getValue().getStatus()).isEqualTo(DataRecord.Status.INPROGRESS);
        });
    }

    @Test
    void claim_whenCompletedInsideWindow_isAlreadyPublished() {
        guard.claim(scan, remaining);
        guard.complete(scan, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(59));

        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.ALREADY_PUBLISHED);
    }

    @Test
    void claim_whenWindowPassed_claimsAgain() {
        guard.claim(scan, remaining);
        guard.complete(scan, "qr-router/test/MyTopic");
        clock.advance(Duration.ofMinutes(61));

        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void claim_whenAnotherAttemptHoldsIt_isInProgress() {
        guard.claim(scan, remaining);

        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.IN_PROGRESS);
    }

    @Test
    void claim_whenHolderDiedAndItsRemainingTimePassed_claimsAgain() {
        guard.claim(scan, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(4));
        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.IN_PROGRESS);

        clock.advance(Duration.ofSeconds(2));
        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void release_forgetsTheClaimSoTheNextAttemptPublishes() {
        guard.claim(scan, remaining);
        guard.release(scan, new IllegalStateException("parked"));

        assertThat(store.records()).isEmpty();
        assertThat(guard.claim(scan, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void claim_keysOnClientQrCodeAndTimeOnly() {
        guard.claim(scan, remaining);

        assertThat(guard.claim(new ScanIdentity("OtherClient", scan.qrCode(), scan.time()), remaining))
                .isEqualTo(Claim.CLAIMED);
        assertThat(guard.claim(new ScanIdentity(scan.clientId(), "other", scan.time()), remaining))
                .isEqualTo(Claim.CLAIMED);
        assertThat(guard.claim(new ScanIdentity(scan.clientId(), scan.qrCode(), "20231201T231011"), remaining))
                .isEqualTo(Claim.CLAIMED);
        assertThat(store.records()).hasSize(4);
    }

    @Test
    void scanIdentity_toStringMasksTheQrCode() {
        assertThat(scan.toString()).doesNotContain("vwWT").contains("DemoClient");
    }
}
