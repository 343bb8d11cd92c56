package com.qrrouter.local.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What API Gateway's Cognito user pool authorizer checks: an RS256 signature by a key of the pool's JWKS, the issuer,
 * {@code token_use=access}, the expiry, and the method's authorization scope in the {@code scope} claim.
 *
 * <p>A token whose signature, issuer and use have been verified once is remembered (its claims; at most
 * {@link #VERIFIED_TOKENS} of them): those checks depend only on the token and the pool's fixed keys, and an RS256
 * verification per request was a tenth of the API front's CPU under load. Expiry and scope are checked at every request
 * against the clock, so a remembered token that expires is refused as before.
 */
public final class AccessTokenVerifier {

    /** The outcome of a check; {@code message} is what API Gateway answers for a rejected token. */
    public record Outcome(boolean authorized, String message, String clientId) {

        static Outcome denied(String message) {
            return new Outcome(false, message, null);
        }
    }

    static final String UNAUTHORIZED = "Unauthorized";
    static final String EXPIRED = "The incoming token has expired";

    /** How many verified tokens are remembered; when full, the memory starts again. */
    static final int VERIFIED_TOKENS = 1_000;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Map<String, JWTClaimsSet> verified = new ConcurrentHashMap<>();
    private final String requiredScope;
    private final Clock clock;

    public AccessTokenVerifier(JWKSet keys, String issuer, String requiredScope, Clock clock) {
        this.requiredScope = Objects.requireNonNull(requiredScope, "requiredScope");
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        // Expiry is checked below against our clock, to answer API Gateway's own message for an expired token.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            if (!issuer.equals(claims.getIssuer())) {
                throw new BadJWTException("unexpected issuer");
            }
            if (!"access".equals(claims.getClaim("token_use"))) {
                throw new BadJWTException("not an access token");
            }
            if (claims.getExpirationTime() == null || claims.getSubject() == null) {
                throw new BadJWTException("missing exp or sub");
            }
        });
    }

    /**
     * Checks the value of an {@code Authorization} header: the token itself, or {@code Bearer <token>}.
     *
     * @param authorization the header value, {@code null} if absent
     */
    public Outcome check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Outcome.denied(UNAUTHORIZED);
        }
        String token = authorization.strip();
        if (token.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            token = token.substring("bearer ".length()).strip();
        }
        JWTClaimsSet claims = verified.get(token);
        if (claims == null) {
            try {
                claims = processor.process(token, null);
            } catch (ParseException | BadJOSEException | JOSEException e) {
                return Outcome.denied(UNAUTHORIZED);
            }
            if (verified.size() >= VERIFIED_TOKENS) {
                verified.clear();
            }
            verified.put(token, claims);
        }
        Date expiry = claims.getExpirationTime();
        if (!expiry.toInstant().isAfter(clock.instant())) {
            return Outcome.denied(EXPIRED);
        }
        Object scope = claims.getClaim("scope");
        List<String> scopes = scope instanceof String text ? Arrays.asList(text.split(" ")) : List.of();
        if (!scopes.contains(requiredScope)) {
            return Outcome.denied(UNAUTHORIZED);
        }
        Object clientId = claims.getClaim("client_id");
        return new Outcome(true, null, clientId instanceof String id ? id : claims.getSubject());
    }
}
