package com.qrrouter.router.internal;

import com.qrrouter.router.RouteTable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The routes table in DynamoDB: partition key {@code ClientID} (S), attribute {@code Topic} (S). Reads are strongly
 * consistent: a route added just before a DLQ redrive is seen by it (found routes are cached by
 * {@link CachingRouteTable}, so this costs little).
 */
public final class DynamoDbRouteTable implements RouteTable {

    /** Partition key of the routes table. */
    public static final String CLIENT_ID_ATTRIBUTE = "ClientID";

    /** Attribute holding the full MQTT topic. */
    public static final String TOPIC_ATTRIBUTE = "Topic";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbRouteTable(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<String> topicFor(String clientId) {
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(CLIENT_ID_ATTRIBUTE, AttributeValue.fromS(clientId)))
                .consistentRead(true)
                .projectionExpression("#topic")
                .expressionAttributeNames(Map.of("#topic", TOPIC_ATTRIBUTE))
                .build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        AttributeValue topic = response.item().get(TOPIC_ATTRIBUTE);
        // A route row without a string Topic exists but is unusable: the topic policy rejects the empty topic.
        return Optional.of(topic == null || topic.s() == null ? "" : topic.s());
    }
}
