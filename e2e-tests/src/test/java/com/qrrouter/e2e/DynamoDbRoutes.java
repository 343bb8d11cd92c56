package com.qrrouter.e2e;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The routes table as the suite uses it: put a route of its own and delete it afterwards. Attribute names are the
 * router's ({@code ClientID} → {@code Topic}, docs/deploy.md section 6).
 */
final class DynamoDbRoutes {

    static final String CLIENT_ID = "ClientID";
    static final String TOPIC = "Topic";

    private final DynamoDbClient dynamoDb;
    private final String table;

    DynamoDbRoutes(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    void put(String clientId, String topic) {
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(
                        CLIENT_ID, AttributeValue.fromS(clientId),
                        TOPIC, AttributeValue.fromS(topic))));
    }

    void delete(String clientId) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(CLIENT_ID, AttributeValue.fromS(clientId))));
    }

    /** The topic of {@code clientId}, or null; a strongly consistent read. */
    String topicOf(String clientId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b ->
                        b.tableName(table).consistentRead(true).key(Map.of(CLIENT_ID, AttributeValue.fromS(clientId))))
                .item();
        return item == null || !item.containsKey(TOPIC) ? null : item.get(TOPIC).s();
    }
}
