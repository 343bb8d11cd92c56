package com.qrrouter.router.internal;

import com.qrrouter.router.Route;
import com.qrrouter.router.RouteTable;
import com.qrrouter.settings.PipelineSettings.RouteAttributes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The routes table in DynamoDB: partition key {@code ClientID} (S), attributes {@code Topic} (S), {@code AllowedTeams}
 * (SS, absent: no team) and {@code MaxScanAgeSeconds} (N, optional). Reads are strongly consistent: a route added just
 * before a DLQ redrive is seen by it (found routes are cached by {@link CachingRouteTable}, so this costs little).
 */
public final class DynamoDbRouteTable implements RouteTable {

    /** Partition key of the routes table. */
    public static final String CLIENT_ID_ATTRIBUTE = RouteAttributes.CLIENT_ID;

    /** Attribute holding the full MQTT topic. */
    public static final String TOPIC_ATTRIBUTE = RouteAttributes.TOPIC;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbRouteTable(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<Route> routeFor(String clientId) {
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(CLIENT_ID_ATTRIBUTE, AttributeValue.fromS(clientId)))
                .consistentRead(true)
                .projectionExpression("#topic, #teams, #maxAge")
                .expressionAttributeNames(Map.of(
                        "#topic", RouteAttributes.TOPIC,
                        "#teams", RouteAttributes.ALLOWED_TEAMS,
                        "#maxAge", RouteAttributes.MAX_SCAN_AGE_SECONDS))
                .build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        AttributeValue topic = item.get(RouteAttributes.TOPIC);
        AttributeValue teams = item.get(RouteAttributes.ALLOWED_TEAMS);
        // A route row without a string Topic exists but is unusable: the topic policy rejects the empty topic. A team
        // list of another type than SS admits no one (fail closed).
        return Optional.of(new Route(
                topic == null || topic.s() == null ? "" : topic.s(),
                teams == null || !teams.hasSs() ? Set.of() : Set.copyOf(teams.ss()),
                maxScanAge(item.get(RouteAttributes.MAX_SCAN_AGE_SECONDS))));
    }

    /**
     * The route's own age limit: whole seconds, rounded down. A value that is not a positive number gives a zero limit,
     * so every scan of the route is parked as stale and the reason names the limit (fail closed, never a longer one).
     */
    static Optional<Duration> maxScanAge(AttributeValue value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.n() != null ? value.n() : value.s();
        if (text == null) {
            return Optional.of(Duration.ZERO);
        }
        try {
            BigDecimal seconds = new BigDecimal(text.strip());
            return Optional.of(
                    seconds.signum() <= 0
                            ? Duration.ZERO
                            : Duration.ofSeconds(seconds.min(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L))
                                    .longValue()));
        } catch (NumberFormatException e) {
            return Optional.of(Duration.ZERO);
        }
    }
}
