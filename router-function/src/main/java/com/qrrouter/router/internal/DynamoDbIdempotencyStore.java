package com.qrrouter.router.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/**
 * The Powertools idempotency persistence store on DynamoDB, with the in-progress expiry compared in the unit it is
 * stored in.
 *
 * <p>Powertools 1.15.0's {@code DynamoDBPersistenceStore} (the newest v1 served to us) writes
 * {@code in_progress_expiration} in epoch <em>milliseconds</em> but its conditional {@code PutItem} compares it with
 * {@code :now} in epoch <em>seconds</em> (aws-powertools/powertools-lambda-java#1281), so a claim left behind by an
 * attempt that died never expires early: its scan is retried until it reaches the DLQ undelivered. This store keeps
 * everything else of Powertools (hashing, key prefix, window, the {@link BasePersistenceStore} protocol) and the same
 * item layout (the stage's table and its TTL attribute are unchanged), and compares {@code expiration} with seconds and
 * {@code in_progress_expiration} with milliseconds. {@code DynamoDbIdempotencyStoreIT} proves both the bug and the
 * fix on dynalite. See decision 0205.
 */
public final class DynamoDbIdempotencyStore extends BasePersistenceStore {

    /** Partition key, as the stage's table defines it (Powertools' default). */
    public static final String KEY_ATTRIBUTE = "id";

    /** Window end in epoch seconds; also the table's TTL attribute. */
    public static final String EXPIRY_ATTRIBUTE = "expiration";

    /** End of an in-progress claim in epoch milliseconds. */
    public static final String IN_PROGRESS_EXPIRY_ATTRIBUTE = "in_progress_expiration";

    public static final String STATUS_ATTRIBUTE = "status";
    public static final String DATA_ATTRIBUTE = "data";
    public static final String VALIDATION_ATTRIBUTE = "validation";

    private static final String PUT_CONDITION = "attribute_not_exists(#id)"
            + " OR #expiry < :nowSeconds"
            + " OR (#status = :inProgress AND attribute_exists(#inProgressExpiry)"
            + " AND #inProgressExpiry < :nowMillis)";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public DataRecord getRecord(String idempotencyKey) throws IdempotencyItemNotFoundException {
        GetItemResponse response = dynamoDb.getItem(
                b -> b.tableName(tableName).key(key(idempotencyKey)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            throw new IdempotencyItemNotFoundException(idempotencyKey);
        }
        return toRecord(response.item());
    }

    /**
     * Writes the claim unless a live record holds the key: one that is inside its window and either completed or in
     * progress with an in-progress expiry still ahead.
     */
    @Override
    public void putRecord(DataRecord record, Instant now) throws IdempotencyItemAlreadyExistsException {
        Map<String, AttributeValue> item = new HashMap<>(key(record.getIdempotencyKey()));
        item.put(EXPIRY_ATTRIBUTE, number(record.getExpiryTimestamp()));
        item.put(STATUS_ATTRIBUTE, AttributeValue.fromS(record.getStatus().toString()));
        record.getInProgressExpiryTimestamp()
                .ifPresent(millis -> item.put(IN_PROGRESS_EXPIRY_ATTRIBUTE, number(millis)));
        if (payloadValidationEnabled) {
            item.put(VALIDATION_ATTRIBUTE, AttributeValue.fromS(record.getPayloadHash()));
        }
        try {
            dynamoDb.putItem(b -> b.tableName(tableName)
                    .item(item)
                    .conditionExpression(PUT_CONDITION)
                    .expressionAttributeNames(Map.of(
                            "#id", KEY_ATTRIBUTE,
                            "#expiry", EXPIRY_ATTRIBUTE,
                            "#status", STATUS_ATTRIBUTE,
                            "#inProgressExpiry", IN_PROGRESS_EXPIRY_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(
                            ":nowSeconds", number(now.getEpochSecond()),
                            ":nowMillis", number(now.toEpochMilli()),
                            ":inProgress", AttributeValue.fromS(DataRecord.Status.INPROGRESS.toString()))));
        } catch (ConditionalCheckFailedException e) {
            throw new IdempotencyItemAlreadyExistsException(
                    "A live idempotency record holds the key " + record.getIdempotencyKey(), e);
        }
    }

    @Override
    public void updateRecord(DataRecord record) {
        Map<String, String> names = new HashMap<>(Map.of(
                "#data", DATA_ATTRIBUTE,
                "#expiry", EXPIRY_ATTRIBUTE,
                "#status", STATUS_ATTRIBUTE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":data", AttributeValue.fromS(record.getResponseData() == null ? "" : record.getResponseData()),
                ":expiry", number(record.getExpiryTimestamp()),
                ":status", AttributeValue.fromS(record.getStatus().toString())));
        StringBuilder update = new StringBuilder("SET #data = :data, #expiry = :expiry, #status = :status");
        if (payloadValidationEnabled) {
            names.put("#validation", VALIDATION_ATTRIBUTE);
            values.put(":validation", AttributeValue.fromS(record.getPayloadHash()));
            update.append(", #validation = :validation");
        }
        dynamoDb.updateItem(b -> b.tableName(tableName)
                .key(key(record.getIdempotencyKey()))
                .updateExpression(update.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    @Override
    public void deleteRecord(String idempotencyKey) {
        dynamoDb.deleteItem(b -> b.tableName(tableName).key(key(idempotencyKey)));
    }

    private static Map<String, AttributeValue> key(String idempotencyKey) {
        return Map.of(KEY_ATTRIBUTE, AttributeValue.fromS(idempotencyKey));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static DataRecord toRecord(Map<String, AttributeValue> item) {
        AttributeValue data = item.get(DATA_ATTRIBUTE);
        AttributeValue validation = item.get(VALIDATION_ATTRIBUTE);
        AttributeValue inProgressExpiry = item.get(IN_PROGRESS_EXPIRY_ATTRIBUTE);
        return new DataRecord(
                item.get(KEY_ATTRIBUTE).s(),
                DataRecord.Status.valueOf(item.get(STATUS_ATTRIBUTE).s()),
                Long.parseLong(item.get(EXPIRY_ATTRIBUTE).n()),
                data == null ? null : data.s(),
                validation == null ? null : validation.s(),
                inProgressExpiry == null
                        ? OptionalLong.empty()
                        : OptionalLong.of(Long.parseLong(inProgressExpiry.n())));
    }
}
