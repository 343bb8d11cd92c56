package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.schema.Examples;
import com.qrrouter.settings.PipelineSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST Assured client against the local stack: what it records for a failure report is masked. */
class PipelineClientIT {

    private final PipelineTarget target = LocalTarget.shared();
    private final PipelineClient client = PipelineClient.of(target);

    @Test
    void failureReport_whenTokenAndPostWereSent_masksTokenSecretAndQrCode() {
        String qrCode = "masked+" + System.nanoTime() + "=/)Ü";
        ExchangeJournal.clear();

        String token = client.token(target.clientId(), target.clientSecret(), PipelineSettings.FULL_SCOPE);
        PipelineClient.Answer refused = client.postJson(
                token,
                Examples.invalid("10-client-id-with-space")
                        .with("QRCode", qrCode)
                        .bytes());
        List<String> exchanges = ExchangeJournal.exchanges();
        String report = LogExchangesOnFailure.report("a failed test", exchanges);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(exchanges).hasSize(2);
        assertThat(report)
                .contains("POST " + target.tokenUri(), "POST " + target.messageUri(), "400", "\"QRCode\":\"****\"")
                .contains("Authorization=Basic ****", "Authorization=Bearer ****", "\"access_token\":\"****\"")
                .doesNotContain(token)
                .doesNotContain(target.clientSecret())
                .doesNotContain(qrCode)
                .doesNotContain("masked+");
        assertThat(refused.toString()).doesNotContain(qrCode);
    }

    @Test
    void mask_whenTextHoldsSecretsInAnyForm_leavesNoneInClear() {
        ExchangeJournal.secret("registered-secret-value");

        String masked = ExchangeJournal.mask("client_secret=abc123&x=1 Authorization: Bearer eyJa.eyJb.sig"
                + " {\"access_token\":\"opaque\",\"QRCode\":\"a\\\"b+c\"} eyJhbGciOi.eyJzdWIi.c2ln"
                + " registered-secret-value");

        assertThat(masked)
                .doesNotContain("abc123", "eyJa", "opaque", "a\\\"b+c", "eyJhbGciOi", "registered-secret-value")
                .contains("client_secret=****", "Authorization: Bearer ****", "\"QRCode\":\"****\"");
    }
}
