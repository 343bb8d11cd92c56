package com.qrrouter.local.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;

/**
 * Mints access tokens as Amazon Cognito does for the {@code client_credentials} grant: RS256 JWTs signed with a key
 * generated at start (kid in the header), with Cognito's access-token claims ({@code sub} and {@code client_id} = the
 * app client id, {@code token_use=access}, space-separated {@code scope}, {@code auth_time}, {@code iss}, {@code iat},
 * {@code exp}, {@code jti}, {@code version}).
 */
public final class TokenIssuer {

    private final RSAKey signingKey;
    private final String issuer;
    private final Duration validity;
    private final Clock clock;

    private TokenIssuer(RSAKey signingKey, String issuer, Duration validity, Clock clock) {
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.validity = validity;
        this.clock = clock;
    }

    /** A new issuer with a freshly generated 2048-bit RSA key. */
    public static TokenIssuer create(String issuer, Duration validity, Clock clock) {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
            return new TokenIssuer(key, issuer, validity, clock);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate the token signing key", e);
        }
    }

    /** The {@code iss} claim of every token. */
    public String issuer() {
        return issuer;
    }

    /** Seconds a token is valid ({@code expires_in} of the token response). */
    public long validitySeconds() {
        return validity.toSeconds();
    }

    /** The public key set, as served at {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    /** A signed access token for {@code clientId} carrying {@code scopes}. */
    public String issue(String clientId, Collection<String> scopes) {
        return issue(clientId, scopes, clock.instant());
    }

    /** A signed access token issued at {@code issuedAt} (a token already expired, for tests of the authorizer). */
    public String issue(String clientId, Collection<String> scopes, Instant issuedAt) {
        Instant now = issuedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(clientId)
                .claim("token_use", "access")
                .claim("scope", String.join(" ", scopes))
                .claim("auth_time", now.getEpochSecond())
                .issuer(issuer)
                .expirationTime(Date.from(now.plus(validity)))
                .issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .claim("version", 2)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return jwt.serialize();
    }
}
