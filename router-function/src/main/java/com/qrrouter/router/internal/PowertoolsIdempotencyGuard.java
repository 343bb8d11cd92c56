package com.qrrouter.router.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qrrouter.router.IdempotencyGuard;
import com.qrrouter.router.ScanIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyValidationException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/**
 * Idempotency with Powertools for AWS Lambda (Java) v1: its persistence store (DynamoDB in the cloud) does the
 * hashing, the conditional write, the in-progress expiry and the window; this class drives it record by record
 * (the {@code @Idempotent} aspect would wrap a whole method and needs AspectJ weaving; see decision 0200).
 *
 * <p>The idempotent payload is {@code {"ClientID":…,"QRCode":…,"Time":…,"BodySha256":…}}. The key is the SHA-256 of
 * its identity part {@code {"ClientID":…,"QRCode":…,"Time":…}} (event key JMESPath, the same key as before the body
 * hash was added), prefixed by the store with the function name. Powertools' own payload validation (JMESPath
 * {@code BodySha256}) stores a hash of the raw body's SHA-256 with the record and throws
 * {@link IdempotencyValidationException} when the same scan comes with another body: a conflicting duplicate
 * (decision 0222). The body itself is never stored.
 */
public final class PowertoolsIdempotencyGuard implements IdempotencyGuard {

    /** Name the store appends to the function name in every key. */
    static final String KEY_SCOPE = "scan";

    /** Field of the idempotent payload holding the SHA-256 of the raw body. */
    static final String BODY_HASH_FIELD = "BodySha256";

    /** The scan's identity inside the idempotent payload: the key, unchanged from before the body hash. */
    static final String EVENT_KEY_JMESPATH = "{ClientID: ClientID, QRCode: QRCode, Time: Time}";

    private final BasePersistenceStore store;
    private final Clock clock;

    private PowertoolsIdempotencyGuard(BasePersistenceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Configures {@code store} with the window and returns the guard.
     *
     * @param window how long a published scan is remembered
     */
    public static PowertoolsIdempotencyGuard create(BasePersistenceStore store, Duration window, Clock clock) {
        Objects.requireNonNull(store, "store");
        store.configure(idempotencyConfig(window), KEY_SCOPE);
        return new PowertoolsIdempotencyGuard(store, Objects.requireNonNull(clock, "clock"));
    }

    /** The Powertools configuration used for the window. */
    public static IdempotencyConfig idempotencyConfig(Duration window) {
        return IdempotencyConfig.builder()
                .withExpiration(window)
                .withHashFunction("SHA-256")
                .withEventKeyJMESPath(EVENT_KEY_JMESPATH)
                .withPayloadValidationJMESPath(BODY_HASH_FIELD)
                .withUseLocalCache(false)
                .build();
    }

    @Override
    public Claim claim(ScanIdentity scan, String bodySha256, Duration remainingTime) {
        ObjectNode key = payload(scan, bodySha256);
        long remainingMillis = Math.max(1, Math.min(Integer.MAX_VALUE, remainingTime.toMillis()));
        try {
            store.saveInProgress(key, clock.instant(), OptionalInt.of((int) remainingMillis));
            return Claim.CLAIMED;
        } catch (IdempotencyItemAlreadyExistsException e) {
            return existing(key);
        }
    }

    private Claim existing(ObjectNode key) {
        DataRecord record;
        try {
            record = store.getRecord(key, clock.instant());
        } catch (IdempotencyItemNotFoundException e) {
            // Released or expired between our write and this read: let SQS try again.
            return Claim.IN_PROGRESS;
        } catch (IdempotencyValidationException e) {
            return Claim.CONFLICTING;
        }
        return record.getStatus() == DataRecord.Status.COMPLETED ? Claim.ALREADY_PUBLISHED : Claim.IN_PROGRESS;
    }

    @Override
    public void complete(ScanIdentity scan, String bodySha256, String topic) {
        store.saveSuccess(payload(scan, bodySha256), Map.of("topic", topic), clock.instant());
    }

    @Override
    public void release(ScanIdentity scan, String bodySha256, Throwable cause) {
        store.deleteRecord(payload(scan, bodySha256), cause);
    }

    /** The idempotent payload: the scan's identity (the key) and the body's hash (the validated part). */
    static ObjectNode payload(ScanIdentity scan, String bodySha256) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ClientID", scan.clientId());
        node.put("QRCode", scan.qrCode());
        node.put("Time", scan.time());
        node.put(BODY_HASH_FIELD, Objects.requireNonNull(bodySha256, "bodySha256"));
        return node;
    }
}
