package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.IdempotencyGuard.Claim;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/** The guard's contract on the in-memory store of the unit tests. */
class PowertoolsIdempotencyGuardTest extends IdempotencyGuardContract {

    private final InMemoryPersistenceStore store = new InMemoryPersistenceStore();

    @Override
    protected BasePersistenceStore store() {
        return store;
    }

    @Override
    protected int recordCount() {
        return store.records().size();
    }

    @Test
    void claim_whenNew_storesAHashedKeyWithoutTheQrCode() {
        assertThat(guard().claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);

        assertThat(store.records().entrySet()).singleElement().satisfies(entry -> {
            assertThat(entry.getKey()).doesNotContain("vwWT").matches(".*#[0-9a-f]{40,64}");
            assertThat(entry.getValue().getStatus()).isEqualTo(DataRecord.Status.INPROGRESS);
        });
    }

    @Test
    void claim_whenBodyHashed_keepsTheKeyOfTheIdentityOnlyAndStoresNoBody() {
        guard().claim(scan, BODY_HASH, remaining);

        String identity = "{\"ClientID\":\"" + scan.clientId() + "\",\"QRCode\":\"" + scan.qrCode() + "\",\"Time\":\""
                + scan.time() + "\"}";
        assertThat(store.records().entrySet()).singleElement().satisfies(entry -> {
            // The key as before the body hash was added: a deploy keeps recognising the window's scans.
            assertThat(entry.getKey()).endsWith("#" + DecodeStep.sha256(identity.getBytes(StandardCharsets.UTF_8)));
            assertThat(entry.getValue().getPayloadHash())
                    .isEqualTo(DecodeStep.sha256(BODY_HASH.getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain(scan.qrCode());
        });
    }

    @Test
    void toString_whenScanIdentityPrinted_masksTheQrCode() {
        assertThat(scan.toString()).doesNotContain("vwWT").contains("DemoClient");
    }

    @Test
    void scanIdentity_whenAFieldHoldsAnUnpairedSurrogate_isNotWellFormed() {
        assertThat(scan.isWellFormedUnicode()).isTrue();
        assertThat(new ScanIdentity(scan.clientId(), "A\ud83d\ude00", scan.time()).isWellFormedUnicode())
                .as("a surrogate pair (an emoji) is well-formed")
                .isTrue();
        assertThat(new ScanIdentity(scan.clientId(), "A\ud800", scan.time()).isWellFormedUnicode())
                .isFalse();
        assertThat(new ScanIdentity(scan.clientId(), "\udc00A", scan.time()).isWellFormedUnicode())
                .isFalse();
        assertThat(new ScanIdentity(scan.clientId(), "\ud800B", scan.time()).isWellFormedUnicode())
                .isFalse();
    }
}
