package com.qrrouter.router.fakes;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/**
 * A Powertools persistence store in memory with the semantics of the DynamoDB store's conditional put: a key can be
 * written if absent, expired, or in progress past its in-progress expiry. Lets unit tests run the real Powertools
 * hashing and expiry logic.
 */
public final class InMemoryPersistenceStore extends BasePersistenceStore {

    private final Map<String, DataRecord> records = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> updateFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> deleteFailure = new AtomicReference<>();

    /** Makes every following call fail with {@code e} (null to heal). */
    public void failWith(RuntimeException e) {
        failure.set(e);
    }

    /** Makes completing a claim fail with {@code e}. */
    public void failUpdatesWith(RuntimeException e) {
        updateFailure.set(e);
    }

    /** Makes releasing a claim fail with {@code e}. */
    public void failDeletesWith(RuntimeException e) {
        deleteFailure.set(e);
    }

    public Map<String, DataRecord> records() {
        return records;
    }

    private void maybeFail() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public DataRecord getRecord(String idempotencyKey) throws IdempotencyItemNotFoundException {
        maybeFail();
        DataRecord record = records.get(idempotencyKey);
        if (record == null) {
            throw new IdempotencyItemNotFoundException(idempotencyKey);
        }
        return record;
    }

    @Override
    public void putRecord(DataRecord record, Instant now) throws IdempotencyItemAlreadyExistsException {
        maybeFail();
        records.compute(record.getIdempotencyKey(), (key, existing) -> {
            if (existing != null && !writable(existing, now)) {
                throw new IdempotencyItemAlreadyExistsException("Item already exists: " + key, null);
            }
            return record;
        });
    }

    private static boolean writable(DataRecord existing, Instant now) {
        if (existing.getExpiryTimestamp() < now.getEpochSecond()) {
            return true;
        }
        return existing.getStatus() == DataRecord.Status.INPROGRESS
                && existing.getInProgressExpiryTimestamp().isPresent()
                && existing.getInProgressExpiryTimestamp().getAsLong() < now.toEpochMilli();
    }

    @Override
    public void updateRecord(DataRecord record) {
        maybeFail();
        if (updateFailure.get() != null) {
            throw updateFailure.get();
        }
        records.put(record.getIdempotencyKey(), record);
    }

    @Override
    public void deleteRecord(String idempotencyKey) {
        maybeFail();
        if (deleteFailure.get() != null) {
            throw deleteFailure.get();
        }
        records.remove(idempotencyKey);
    }
}
