package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What the product relies on in DynamoDB, probed on dynalite through the SDK client the router uses (docs/local-stack.md,
 * "DynamoDB: dynalite"): the conditional writes of the idempotency store ({@code DynamoDbIdempotencyStore}) and the
 * consistent, projected route lookup of {@code DynamoDbRouteTable}. Where dynalite differs from DynamoDB, the test is
 * named for the difference and pins what dynalite does, so an upgrade that changes it fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbEmulatorFidelityIT {

    private static final String ROUTES = "routes";
    private static final String IDEMPOTENCY = "idempotency";

    private DynamoDbEmulator emulator;
    private DynamoDbClient dynamoDb;

    @BeforeAll
    void start() {
        emulator = DynamoDbEmulator.start().createRoutesTable(ROUTES).createIdempotencyTable(IDEMPOTENCY);
        dynamoDb = emulator.client();
    }

    @AfterAll
    void stop() {
        emulator.close();
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private void putClaim(String key, long expirySeconds, long inProgressExpiryMillis) {
        dynamoDb.putItem(b -> b.tableName(IDEMPOTENCY)
                .item(Map.of(
                        "id", AttributeValue.fromS(key),
                        "expiration", AttributeValue.fromN(Long.toString(expirySeconds)),
                        "status", AttributeValue.fromS("INPROGRESS"),
                        "in_progress_expiration", AttributeValue.fromN(Long.toString(inProgressExpiryMillis)))));
    }

    /** The store's claim: a put unless a live record holds the key (DynamoDbIdempotencyStore.PUT_CONDITION). */
    private void claim(String key, long nowSeconds, long nowMillis) {
        dynamoDb.putItem(b -> b.tableName(IDEMPOTENCY)
                .item(Map.of(
                        "id", AttributeValue.fromS(key),
                        "expiration", AttributeValue.fromN(Long.toString(nowSeconds + 3600)),
                        "status", AttributeValue.fromS("INPROGRESS")))
                .conditionExpression("attribute_not_exists(#id) OR #expiry < :nowSeconds"
                        + " OR (#status = :inProgress AND attribute_exists(#inProgressExpiry)"
                        + " AND #inProgressExpiry < :nowMillis)")
                .expressionAttributeNames(Map.of(
                        "#id", "id",
                        "#expiry", "expiration",
                        "#status", "status",
                        "#inProgressExpiry", "in_progress_expiration"))
                .expressionAttributeValues(Map.of(
                        ":nowSeconds", AttributeValue.fromN(Long.toString(nowSeconds)),
                        ":nowMillis", AttributeValue.fromN(Long.toString(nowMillis)),
                        ":inProgress", AttributeValue.fromS("INPROGRESS"))));
    }

    @Test
    void putItem_whenTheConditionFails_throwsConditionalCheckFailedWithDynamoDbsErrorShape() {
        String key = key();
        putClaim(key, 2_000_000_000L, 1_999_999_999_000L);

        ConditionalCheckFailedException failure = catchThrowableOfType(
                ConditionalCheckFailedException.class, () -> claim(key, 1_700_000_000L, 1_700_000_000_000L));

        assertThat(failure.statusCode()).isEqualTo(400);
        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
        assertThat(failure.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void putItem_whenNumbersAreCompared_comparesThemAsNumbersNotText() {
        // "999" > "1000" as text; an emulator comparing text would let this claim through.
        String key = key();
        putClaim(key, 1000, 1000);

        ConditionalCheckFailedException failure =
                catchThrowableOfType(ConditionalCheckFailedException.class, () -> claim(key, 999, 999));

        assertThat(failure).isNotNull();
    }

    @Test
    void putItem_whenTheInProgressExpiryInMillisecondsHasPassed_letsTheClaimThrough() {
        String key = key();
        long nowMillis = 1_700_000_000_000L;
        putClaim(key, nowMillis / 1000 + 3600, nowMillis - 1);

        claim(key, nowMillis / 1000, nowMillis);

        assertThat(consistentGet(IDEMPOTENCY, "id", key).item()).doesNotContainKey("in_progress_expiration");
    }

    @Test
    void putItem_whenTheWindowEndedBeforeNow_letsTheClaimThrough() {
        // Expiry is checked on write, not by TTL: an expired record is overwritten whatever TTL did with it.
        String key = key();
        putClaim(key, 1_700_000_000L, 2_000_000_000_000L);

        claim(key, 1_700_000_001L, 1_700_000_001_000L);

        assertThat(consistentGet(IDEMPOTENCY, "id", key)
                        .item()
                        .get("expiration")
                        .n())
                .isEqualTo(Long.toString(1_700_000_001L + 3600));
    }

    @Test
    void putItem_whenReturnValuesOnConditionCheckFailureIsAllOld_dynaliteLeavesTheOldItemOut() {
        // DynamoDB returns the item that failed the condition in the exception; dynalite (4.0.0) ignores the parameter.
        // Nothing in the router asks for it (the store reads the record with a consistent GetItem instead).
        String key = key();
        putClaim(key, 2_000_000_000L, 1_999_999_999_000L);

        ConditionalCheckFailedException failure = catchThrowableOfType(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.putItem(b -> b.tableName(IDEMPOTENCY)
                        .item(Map.of("id", AttributeValue.fromS(key)))
                        .conditionExpression("attribute_not_exists(id)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertThat(failure.hasItem()).isFalse();
    }

    @Test
    void getItem_whenConsistentRightAfterAWrite_seesTheWrite() {
        String clientId = "Client-" + UUID.randomUUID();
        emulator.putRoute(ROUTES, clientId, "qr-router/dev/first");
        emulator.putRoute(ROUTES, clientId, "qr-router/dev/second");

        assertThat(consistentGet(ROUTES, "ClientID", clientId)
                        .item()
                        .get("Topic")
                        .s())
                .isEqualTo("qr-router/dev/second");
    }

    @Test
    void getItem_whenProjected_returnsOnlyTheProjectedAttributes() {
        String clientId = "Client-" + UUID.randomUUID();
        emulator.putRoute(ROUTES, clientId, "qr-router/dev/topic", Set.of("demo-team"));

        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(ROUTES)
                .key(Map.of("ClientID", AttributeValue.fromS(clientId)))
                .consistentRead(true)
                .projectionExpression("#topic, #teams")
                .expressionAttributeNames(Map.of("#topic", "Topic", "#teams", "AllowedTeams")));

        assertThat(response.item()).containsOnlyKeys("Topic", "AllowedTeams");
    }

    @Test
    void getItem_whenTheRouteHasAllowedTeams_returnsThemAsAStringSet() {
        String clientId = "Client-" + UUID.randomUUID();
        emulator.putRoute(ROUTES, clientId, "qr-router/dev/topic", Set.of("other-team", "demo-team"));

        AttributeValue teams =
                consistentGet(ROUTES, "ClientID", clientId).item().get("AllowedTeams");

        assertThat(teams.hasSs()).isTrue();
        assertThat(teams.ss()).containsExactlyInAnyOrder("demo-team", "other-team");
    }

    @Test
    void getItem_whenTheItemIsMissing_answersWithoutAnItem() {
        GetItemResponse response = consistentGet(ROUTES, "ClientID", "NoSuchClient-" + UUID.randomUUID());

        assertThat(response.hasItem()).isFalse();
    }

    @Test
    void putItem_whenTheStringSetIsEmpty_isAValidationError() {
        DynamoDbException failure = catchThrowableOfType(
                DynamoDbException.class,
                () -> dynamoDb.putItem(b -> b.tableName(ROUTES)
                        .item(Map.of(
                                "ClientID", AttributeValue.fromS("EmptySet"),
                                "AllowedTeams", AttributeValue.fromSs(List.of())))));

        assertValidationError(failure);
    }

    @Test
    void getItem_whenTheKeyIsAnEmptyString_isAValidationError() {
        DynamoDbException failure =
                catchThrowableOfType(DynamoDbException.class, () -> consistentGet(ROUTES, "ClientID", ""));

        assertValidationError(failure);
    }

    @Test
    void getItem_whenTheKeyHasTheWrongType_isAValidationError() {
        DynamoDbException failure = catchThrowableOfType(
                DynamoDbException.class,
                () -> dynamoDb.getItem(b -> b.tableName(ROUTES)
                        .key(Map.of("ClientID", AttributeValue.fromN("42")))
                        .consistentRead(true)));

        assertValidationError(failure);
    }

    @Test
    void getItem_whenTheTableDoesNotExist_isResourceNotFound() {
        DynamoDbException failure = catchThrowableOfType(
                DynamoDbException.class, () -> consistentGet("no-such-table", "ClientID", "DemoClient"));

        assertThat(failure.statusCode()).isEqualTo(400);
        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void updateTimeToLive_whenCalled_dynaliteHasNoSuchOperation() {
        // DynamoDB deletes expired idempotency records by TTL; dynalite cannot, and nothing depends on it.
        AwsServiceException failure = catchThrowableOfType(
                AwsServiceException.class,
                () -> dynamoDb.updateTimeToLive(b -> b.tableName(IDEMPOTENCY)
                        .timeToLiveSpecification(
                                ttl -> ttl.attributeName("expiration").enabled(true))));

        assertThat(failure.statusCode()).isEqualTo(400);
        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
    }

    @Test
    void transactWriteItems_whenCalled_dynaliteHasNoSuchOperation() {
        // The router uses no transaction: each record's claim, completion and release are single-item writes.
        AwsServiceException failure = catchThrowableOfType(
                AwsServiceException.class,
                () -> dynamoDb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(ROUTES)
                                .item(Map.of("ClientID", AttributeValue.fromS("InTransaction")))
                                .build())
                        .build())));

        assertThat(failure.statusCode()).isEqualTo(400);
        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
    }

    private GetItemResponse consistentGet(String table, String keyName, String key) {
        return dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(keyName, AttributeValue.fromS(key)))
                .consistentRead(true));
    }

    private static void assertValidationError(DynamoDbException failure) {
        assertThat(failure).isNotNull();
        assertThat(failure.statusCode()).isEqualTo(400);
        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }
}
