package com.qrrouter.e2e.pact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.e2e.DeployedTarget;
import com.qrrouter.e2e.LocalStage;
import com.qrrouter.local.LocalStack;
import com.qrrouter.settings.E2eNames;
import com.qrrouter.settings.PipelineSettings.RouteAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stage a provider IT verifies the pacts against, with what its provider states need: URLs, the machine client,
 * and the routes table.
 *
 * <p>The local stack is the suite's shared one ({@link LocalStage#shared()}), a deployed stage the suite's
 * ({@link DeployedTarget#shared()}, from the {@code cdk deploy --outputs-file} JSON; the client secret from
 * {@code E2E_CLIENT_SECRET} or Cognito).
 */
record ProviderStage(
        URI tokenUri,
        URI apiUri,
        String clientId,
        String clientSecret,
        String team,
        String routedTopicPrefix,
        DynamoDbClient dynamoDb,
        String routesTable,
        LocalStack localStack) {

    /** Never the client secret. */
    @Override
    public String toString() {
        return "ProviderStage[api=" + apiUri + ", token=" + tokenUri + ", clientId=" + clientId + "]";
    }

    /** The local stack every IT of the run shares. */
    static ProviderStage local() {
        LocalStack stack = LocalStage.shared().stack();
        return new ProviderStage(
                stack.tokenUri(),
                apiUri(stack.messageUri()),
                stack.machineClient().clientId(),
                stack.machineClient().clientSecret(),
                stack.machineClient().team(),
                stack.topicPrefix(),
                stack.dynamoDb().client(),
                stack.routesTable(),
                stack);
    }

    /**
     * A deployed stage ({@code -Pe2e}): URLs and client from {@code DeployedStage}; the routes table and topic prefix
     * from the same outputs file ({@code RoutesTableName}, {@code TopicPrefix}); routes are written with the default
     * AWS credentials, under {@code <prefix>e2e/}, as the suite's other tests seed theirs.
     */
    static ProviderStage deployed() {
        DeployedTarget stage = DeployedTarget.shared();
        JsonNode outputs = stackOutputs(Path.of(System.getProperty("e2e.outputsFile")));
        return new ProviderStage(
                stage.tokenUri(),
                apiUri(stage.messageUri()),
                stage.clientId(),
                stage.clientSecret(),
                E2eNames.TEAM,
                E2eNames.topicPrefix(outputs.path("TopicPrefix").asText()),
                DynamoDbClient.create(),
                outputs.path("RoutesTableName").asText(),
                null);
    }

    /**
     * Adds or replaces the route {@code clientId → <routed topic prefix>clientId}, admitting the stage's client's team
     * only; returns the topic.
     */
    String putRoute(String clientId) {
        String topic = routedTopicPrefix + clientId;
        dynamoDb.putItem(b -> b.tableName(routesTable)
                .item(Map.of(
                        RouteAttributes.CLIENT_ID,
                        AttributeValue.fromS(clientId),
                        RouteAttributes.TOPIC,
                        AttributeValue.fromS(topic),
                        RouteAttributes.ALLOWED_TEAMS,
                        AttributeValue.fromSs(List.of(team)))));
        return topic;
    }

    /** Deletes the route of {@code clientId}, if any. */
    void deleteRoute(String clientId) {
        dynamoDb.deleteItem(b -> b.tableName(routesTable).key(Map.of("ClientID", AttributeValue.fromS(clientId))));
    }

    /** The API URL of the stage ({@code …/<stage>}): the message URI without {@code /postmessagetosqs}. */
    static URI apiUri(URI messageUri) {
        String uri = messageUri.toString();
        return URI.create(uri.substring(0, uri.lastIndexOf('/')));
    }

    private static JsonNode stackOutputs(Path file) {
        try {
            for (JsonNode stack : new ObjectMapper().readTree(file.toFile())) {
                if (stack.has("RoutesTableName")) {
                    return stack;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CDK outputs file " + file, e);
        }
        throw new IllegalStateException("The CDK outputs file " + file + " has no stack with a RoutesTableName output");
    }
}
