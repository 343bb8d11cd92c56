package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.router.IdempotencyGuard.Claim;
import com.qrrouter.router.ScanIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * The guard's contract on the real store, {@link DynamoDbIdempotencyStore}, against dynalite (the same
 * conditional writes as DynamoDB), plus the defect of Powertools 1.15.0's own store that it corrects.
 */
class DynamoDbIdempotencyStoreIT extends IdempotencyGuardContract {

    static final String TABLE = "qr-router-it-idempotency-store";

    static DynamoDbEmulator dynamoDb;

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = DynamoDbEmulator.start().createIdempotencyTable(TABLE);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamoDb.close();
    }

    @Override
    protected BasePersistenceStore store() {
        return new DynamoDbIdempotencyStore(dynamoDb.client(), TABLE);
    }

    /** Items of this test's scans: each test's QR codes carry its own random suffix. */
    @Override
    protected int recordCount() {
        return dynamoDb.client().scan(b -> b.tableName(TABLE)).count();
    }

    @BeforeEach
    void clearTable() {
        dynamoDb.client()
                .scan(b -> b.tableName(TABLE))
                .items()
                .forEach(item -> dynamoDb.client()
                        .deleteItem(b -> b.tableName(TABLE)
                                .key(Map.of(
                                        DynamoDbIdempotencyStore.KEY_ATTRIBUTE,
                                        item.get(DynamoDbIdempotencyStore.KEY_ATTRIBUTE)))));
    }

    @Test
    void claim_whenAnAbandonedClaimExpiredAMinuteAgo_claimsAgain() {
        // The black-box case of issue #8: an INPROGRESS item whose in_progress_expiration (epoch ms) lies a minute in
        // the past, as a function timeout or a crash leaves it behind.
        abandonClaim(guard(), scan);

        assertThat(guard().claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void powertoolsOwnStore_whenAnAbandonedClaimExpiredAMinuteAgo_stillRefusesIt() {
        // aws-powertools/powertools-lambda-java#1281 in 1.15.0: ms stored, compared with s. If this starts failing,
        // the Powertools version in use has the fix: DynamoDbIdempotencyStore can go (decision 0205).
        DynamoDBPersistenceStore upstream = DynamoDBPersistenceStore.builder()
                .withTableName(TABLE)
                .withDynamoDbClient(dynamoDb.client())
                .build();
        PowertoolsIdempotencyGuard upstreamGuard =
                PowertoolsIdempotencyGuard.create(upstream, Duration.ofHours(1), clock);
        abandonClaim(upstreamGuard, scan);

        assertThat(upstreamGuard.claim(scan, BODY_HASH, remaining)).isEqualTo(Claim.IN_PROGRESS);
    }

    @Test
    void claim_whenStored_keepsTheInProgressExpiryInMillisecondsAndTheWindowInSeconds() {
        Instant now = clock.instant();
        guard().claim(scan, BODY_HASH, Duration.ofSeconds(20));

        Map<String, AttributeValue> item =
                dynamoDb.client().scan(b -> b.tableName(TABLE)).items().get(0);
        long inProgressExpiry = Long.parseLong(
                item.get(DynamoDbIdempotencyStore.IN_PROGRESS_EXPIRY_ATTRIBUTE).n());
        long expiry = Long.parseLong(
                item.get(DynamoDbIdempotencyStore.EXPIRY_ATTRIBUTE).n());
        assertThat(inProgressExpiry).isEqualTo(now.plusSeconds(20).toEpochMilli());
        assertThat(expiry)
                .as("the table's TTL attribute stays in epoch seconds")
                .isEqualTo(now.plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(item.get(DynamoDbIdempotencyStore.KEY_ATTRIBUTE).s()).doesNotContain("vwWT");
    }

    @Test
    void complete_whenStored_keepsOnlyAHashOfTheBody() {
        guard().claim(scan, BODY_HASH, remaining);
        guard().complete(scan, BODY_HASH, "qr-router/test/MyTopic");

        Map<String, AttributeValue> item =
                dynamoDb.client().scan(b -> b.tableName(TABLE)).items().get(0);
        assertThat(item.get(DynamoDbIdempotencyStore.VALIDATION_ATTRIBUTE).s())
                .isEqualTo(DecodeStep.sha256(BODY_HASH.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(item.toString()).doesNotContain(scan.qrCode()).doesNotContain("LT100LN200");
    }

    /** Claims through {@code guard}, then ages the item as an attempt that died a minute ago would leave it. */
    private void abandonClaim(PowertoolsIdempotencyGuard guard, ScanIdentity scan) {
        assertThat(guard.claim(scan, BODY_HASH, Duration.ofSeconds(5))).isEqualTo(Claim.CLAIMED);
        Map<String, AttributeValue> item =
                dynamoDb.client().scan(b -> b.tableName(TABLE)).items().get(0);
        long aMinuteAgo = clock.instant().minusSeconds(60).toEpochMilli();
        dynamoDb.client()
                .updateItem(b -> b.tableName(TABLE)
                        .key(Map.of(
                                DynamoDbIdempotencyStore.KEY_ATTRIBUTE,
                                item.get(DynamoDbIdempotencyStore.KEY_ATTRIBUTE)))
                        .updateExpression("SET #p = :p")
                        .expressionAttributeNames(Map.of("#p", DynamoDbIdempotencyStore.IN_PROGRESS_EXPIRY_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromN(Long.toString(aMinuteAgo)))));
    }
}
