package com.qrrouter.e2e;

import com.qrrouter.settings.PipelineSettings.RouteAttributes;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The routes table as the suite uses it: put a route of its own and delete it afterwards. Attribute names are the
 * router's ({@code ClientID} → {@code Topic}, {@code AllowedTeams}; docs/deploy.md section 6). A route the suite puts
 * admits the team whose client the suite posts with, and no other (routes fail closed).
 */
final class DynamoDbRoutes {

    static final String CLIENT_ID = RouteAttributes.CLIENT_ID;
    static final String TOPIC = RouteAttributes.TOPIC;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String team;

    /**
     * @param team the team the suite posts as (its token's client belongs to it): the only team its routes admit
     */
    DynamoDbRoutes(DynamoDbClient dynamoDb, String table, String team) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.team = team;
    }

    void put(String clientId, String topic) {
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(
                        CLIENT_ID,
                        AttributeValue.fromS(clientId),
                        TOPIC,
                        AttributeValue.fromS(topic),
                        RouteAttributes.ALLOWED_TEAMS,
                        AttributeValue.fromSs(List.of(team)))));
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
