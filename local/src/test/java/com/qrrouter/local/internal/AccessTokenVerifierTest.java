package com.qrrouter.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.qrrouter.settings.PipelineSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTest {

    private static final String ISSUER = "http://127.0.0.1:9229";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final TokenIssuer issuer = TokenIssuer.create(ISSUER, Duration.ofHours(1), CLOCK);
    private final AccessTokenVerifier verifier =
            new AccessTokenVerifier(issuer.publicKeys(), ISSUER, PipelineSettings.FULL_SCOPE, CLOCK);

    @Test
    void check_whenTokenHasTheScope_authorizesTheClient() {
        String token = issuer.issue("client-1", List.of(PipelineSettings.FULL_SCOPE));

        AccessTokenVerifier.Outcome withBearer = verifier.check("Bearer " + token);
        AccessTokenVerifier.Outcome bare = verifier.check(token);

        assertThat(withBearer.authorized()).isTrue();
        assertThat(withBearer.clientId()).isEqualTo("client-1");
        assertThat(bare.authorized()).isTrue();
    }

    @Test
    void check_whenARememberedTokenExpires_answersTheExpiryMessage() {
        MutableClock clock = new MutableClock(NOW);
        TokenIssuer shortLived = TokenIssuer.create(ISSUER, Duration.ofMinutes(5), clock);
        AccessTokenVerifier remembering =
                new AccessTokenVerifier(shortLived.publicKeys(), ISSUER, PipelineSettings.FULL_SCOPE, clock);
        String token = shortLived.issue("client-1", List.of(PipelineSettings.FULL_SCOPE));
        assertThat(remembering.check(token).authorized()).isTrue();
        assertThat(remembering.check(token).authorized()).as("remembered").isTrue();

        clock.now = NOW.plus(Duration.ofMinutes(5));

        assertThat(remembering.check(token).message()).isEqualTo("The incoming token has expired");
    }

    @Test
    void check_whenATokenWasRefused_refusesItAgainAndKeepsAcceptingGoodOnes() {
        String good = issuer.issue("client-1", List.of(PipelineSettings.FULL_SCOPE));
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThat(verifier.check(tampered).authorized()).isFalse();
        assertThat(verifier.check(tampered).authorized()).isFalse();
        for (int i = 0; i <= AccessTokenVerifier.VERIFIED_TOKENS; i++) {
            assertThat(verifier.check(issuer.issue("client-" + i, List.of(PipelineSettings.FULL_SCOPE)))
                            .authorized())
                    .isTrue();
        }
        assertThat(verifier.check(good).clientId()).isEqualTo("client-1");
    }

    /** A clock a test moves. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void check_whenScopeIsMissing_answersUnauthorized() {
        String token = issuer.issue("client-1", List.of("qr-router/other", "qr-router/sendqrcodes"));

        AccessTokenVerifier.Outcome outcome = verifier.check(token);

        assertThat(outcome.authorized()).isFalse();
        assertThat(outcome.message()).isEqualTo("Unauthorized");
    }

    @Test
    void check_whenExpired_answersTheExpiryMessage() {
        String token = issuer.issue("client-1", List.of(PipelineSettings.FULL_SCOPE), NOW.minus(Duration.ofHours(1)));

        AccessTokenVerifier.Outcome outcome = verifier.check(token);

        assertThat(outcome.authorized()).isFalse();
        assertThat(outcome.message()).isEqualTo("The incoming token has expired");
    }

    @Test
    void check_whenSignedByAnotherKey_answersUnauthorized() {
        TokenIssuer stranger = TokenIssuer.create(ISSUER, Duration.ofHours(1), CLOCK);

        AccessTokenVerifier.Outcome outcome =
                verifier.check(stranger.issue("client-1", List.of(PipelineSettings.FULL_SCOPE)));

        assertThat(outcome.authorized()).isFalse();
    }

    @Test
    void check_whenIssuerDiffers_answersUnauthorized() {
        AccessTokenVerifier otherPool = new AccessTokenVerifier(
                issuer.publicKeys(), "http://127.0.0.1:1/other", PipelineSettings.FULL_SCOPE, CLOCK);

        assertThat(otherPool
                        .check(issuer.issue("client-1", List.of(PipelineSettings.FULL_SCOPE)))
                        .authorized())
                .isFalse();
    }

    @Test
    void check_whenNotAnAccessTokenOrNotRs256_answersUnauthorized() throws Exception {
        JWTClaimsSet idToken = new JWTClaimsSet.Builder()
                .subject("client-1")
                .issuer(ISSUER)
                .claim("token_use", "id")
                .claim("scope", PipelineSettings.FULL_SCOPE)
                .expirationTime(Date.from(NOW.plusSeconds(600)))
                .build();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), idToken);
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef"));

        assertThat(verifier.check(hmac.serialize()).authorized()).isFalse();
        assertThat(verifier.check("not.a.jwt").authorized()).isFalse();
        assertThat(verifier.check(null).authorized()).isFalse();
        assertThat(verifier.check("  ").authorized()).isFalse();
    }

    @Test
    void issue_whenCalled_writesCognitoAccessTokenClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue("client-1", List.of(PipelineSettings.FULL_SCOPE)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID())
                .isEqualTo(issuer.publicKeys().getKeys().get(0).getKeyID());
        assertThat(claims.getSubject()).isEqualTo("client-1");
        assertThat(claims.getClaim("client_id")).isEqualTo("client-1");
        assertThat(claims.getClaim("token_use")).isEqualTo("access");
        assertThat(claims.getClaim("scope")).isEqualTo(PipelineSettings.FULL_SCOPE);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getClaim("version")).isNotNull();
        assertThat(issuer.publicKeys().getKeys().get(0).isPrivate()).isFalse();
    }
}
