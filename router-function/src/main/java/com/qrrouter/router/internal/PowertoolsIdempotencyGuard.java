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
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/**
 * Idempotency with Powertools for AWS Lambda (Java) v1: its persistence store (DynamoDB in the cloud) does the
 * hashing, the conditional write, the in-progress expiry and the window; this class drives it record by record
 * (the {@code @Idempotent} aspect would wrap a whole method and needs AspectJ weaving; see decision 0200).
 *
 * <p>The key is the SHA-256 of {@code {"ClientID":…,"QRCode":…,"Time":…}}, prefixed by the store with the function
 * name.
 */
public final class PowertoolsIdempotencyGuard implements IdempotencyGuard {

    /** Name the store appends to the function name in every key. */
    static final String KEY_SCOPE = "scan";

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
                .withUseLocalCache(false)
                .build();
    }

    @Override
    public Claim claim(ScanIdentity scan, Duration remainingTime) {
        ObjectNode key = key(scan);
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
        }
        return record.getStatus() == DataRecord.Status.COMPLETED ? Claim.ALREADY_PUBLISHED : Claim.IN_PROGRESS;
    }

    @Override
    public void complete(ScanIdentity scan, String topic) {
        store.saveSuccess(key(scan), Map.of("topic", topic), clock.instant());
    }

    @Override
    public void release(ScanIdentity scan, Throwable cause) {
        store.deleteRecord(key(scan), cause);
    }

    static ObjectNode key(ScanIdentity scan) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ClientID", scan.clientId());
        node.put("QRCode", scan.qrCode());
        node.put("Time", scan.time());
        return node;
    }
}
