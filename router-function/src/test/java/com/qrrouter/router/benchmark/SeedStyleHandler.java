package com.qrrouter.router.benchmark;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.settings.RouterVariable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * The baseline of the benchmark: a minimal SDK-only handler written the way the seed's inline Lambda works, except
 * that it handles every record (the seed handled the first only): per record, sequentially, one GetItem and one
 * Publish. No validation, no idempotency, no DLQ, no logging framework, no metrics. Never deployed.
 */
public final class SeedStyleHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Pattern CLIENT_ID = Pattern.compile("\"ClientID\"\\s*:\\s*\"([^\"]*)\"");

    private final DynamoDbClient dynamoDb;
    private final IotDataPlaneClient iot;
    private final String table;

    /** Reads the same environment as the router: {@code ROUTES_TABLE_NAME}, {@code IOT_DATA_ENDPOINT}. */
    public SeedStyleHandler() {
        this(
                DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                IotDataPlaneClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .endpointOverride(URI.create(System.getenv(RouterVariable.IOT_DATA_ENDPOINT.name())))
                        .build(),
                System.getenv(RouterVariable.ROUTES_TABLE_NAME.name()));
    }

    public SeedStyleHandler(DynamoDbClient dynamoDb, IotDataPlaneClient iot, String table) {
        this.dynamoDb = dynamoDb;
        this.iot = iot;
        this.table = table;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            Matcher clientId = CLIENT_ID.matcher(record.getBody());
            if (!clientId.find()) {
                continue;
            }
            Map<String, AttributeValue> item = dynamoDb.getItem(
                            b -> b.tableName(table).key(Map.of("ClientID", AttributeValue.fromS(clientId.group(1)))))
                    .item();
            if (item == null || !item.containsKey("Topic")) {
                continue;
            }
            iot.publish(b -> b.topic(item.get("Topic").s()).qos(1).payload(SdkBytes.fromUtf8String(record.getBody())));
        }
        return new SQSBatchResponse(List.of());
    }
}
