package com.qrrouter.local;

import com.qrrouter.settings.PipelineSettings.RouteAttributes;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local (in memory, one database shared by every access key and region, so the AWS CLI sees what the stack
 * created) on a loopback port, with helpers to create the router's two tables exactly as {@code infra/} does: routes
 * ({@code ClientID} S) and idempotency ({@code id} S, the Powertools default, TTL attribute {@code expiration}).
 */
public final class DynamoDbEmulator implements AutoCloseable {

    /** The TTL attribute of the idempotency table (Powertools' default). */
    public static final String IDEMPOTENCY_TTL_ATTRIBUTE = "expiration";

    private final DynamoDBProxyServer server;
    private final AmazonDynamoDBLocal embedded;
    private final URI endpoint;
    private final DynamoDbClient client;

    private DynamoDbEmulator(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.embedded = null;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private DynamoDbEmulator(AmazonDynamoDBLocal embedded) {
        this.server = null;
        this.embedded = embedded;
        this.endpoint = null;
        this.client = embedded.dynamoDbClient();
    }

    /**
     * Starts DynamoDB Local in this process without HTTP: {@link #client()} calls the engine directly. For measuring
     * the router without the CPU cost of an HTTP server on the same machine; {@link #endpoint()} is not available.
     */
    public static DynamoDbEmulator inProcess() {
        return new DynamoDbEmulator(DynamoDBEmbedded.create(true));
    }

    /** Starts an in-memory DynamoDB Local on a free loopback port. */
    public static DynamoDbEmulator start() {
        return start(0);
    }

    /**
     * Starts an in-memory DynamoDB Local on {@code 127.0.0.1:port}.
     *
     * @param port the port, or {@code 0} for a free one (DynamoDB Local itself rejects port 0)
     */
    public static DynamoDbEmulator start(int port) {
        int chosen = FreePort.orFree(port);
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-port", String.valueOf(chosen), "-disableTelemetry"});
            bindToLoopback(server);
            server.start();
            return new DynamoDbEmulator(server, URI.create("http://127.0.0.1:" + chosen));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "DynamoDB Local did not start on port " + chosen + ": is the port already in use?", e);
        }
    }

    /**
     * DynamoDB Local has no host option and listens on every interface; its Jetty connector is told to listen on
     * 127.0.0.1 only, like every other stand-in.
     */
    private static void bindToLoopback(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(server);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector network) {
                network.setHost("127.0.0.1");
            }
        }
    }

    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("DynamoDB Local runs in-process: it has no endpoint");
        }
        return endpoint;
    }

    /** A client for set-up (not the router's). */
    public DynamoDbClient client() {
        return client;
    }

    /** Creates the routes table: partition key {@code ClientID} (S). */
    public DynamoDbEmulator createRoutesTable(String name) {
        return createTable(name, "ClientID");
    }

    /**
     * Creates the idempotency table: partition key {@code id} (S), as Powertools' DynamoDB store expects, with TTL on
     * {@link #IDEMPOTENCY_TTL_ATTRIBUTE}.
     */
    public DynamoDbEmulator createIdempotencyTable(String name) {
        createTable(name, "id");
        client.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(
                        ttl -> ttl.attributeName(IDEMPOTENCY_TTL_ATTRIBUTE).enabled(true)));
        return this;
    }

    /** Adds or replaces the route {@code clientId → topic}, naming no team (so it admits none). */
    public DynamoDbEmulator putRoute(String table, String clientId, String topic) {
        return putRoute(table, clientId, topic, Set.of());
    }

    /**
     * Adds or replaces the route {@code clientId → topic} that the given teams may address (attribute
     * {@code AllowedTeams}, a string set, left out when there is no team: DynamoDB refuses an empty set).
     */
    public DynamoDbEmulator putRoute(String table, String clientId, String topic, Set<String> allowedTeams) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RouteAttributes.CLIENT_ID, AttributeValue.fromS(clientId));
        item.put(RouteAttributes.TOPIC, AttributeValue.fromS(topic));
        if (!allowedTeams.isEmpty()) {
            item.put(RouteAttributes.ALLOWED_TEAMS, AttributeValue.fromSs(List.copyOf(new TreeSet<>(allowedTeams))));
        }
        client.putItem(b -> b.tableName(table).item(item));
        return this;
    }

    private DynamoDbEmulator createTable(String name, String key) {
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(key)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName(key)
                        .keyType(KeyType.HASH)
                        .build()));
        return this;
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.shutdown();
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
