package com.qrrouter.e2e.pact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stage a provider IT verifies the pacts against, with what its provider states need: URLs, the machine client,
 * and the routes table.
 *
 * <p>The local stack is the suite's shared one ({@code com.qrrouter.e2e.LocalStage.shared()}), a deployed stage is
 * read by {@code com.qrrouter.e2e.DeployedStage.fromSystem()} from the {@code cdk deploy --outputs-file} JSON. Both
 * classes are package-private in {@code com.qrrouter.e2e}, so this class reaches them by reflection, in this one place;
 * a public accessor there would replace it.
 */
record ProviderStage(
        URI tokenUri,
        URI apiUri,
        String clientId,
        String clientSecret,
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
        LocalStack stack = (LocalStack) invoke(call(null, "com.qrrouter.e2e.LocalStage", "shared"), "stack");
        return new ProviderStage(
                stack.tokenUri(),
                apiUri(stack.messageUri()),
                stack.machineClient().clientId(),
                stack.machineClient().clientSecret(),
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
        Object stage = call(null, "com.qrrouter.e2e.DeployedStage", "fromSystem");
        JsonNode outputs = stackOutputs(Path.of(System.getProperty("e2e.outputsFile")));
        return new ProviderStage(
                (URI) invoke(stage, "tokenUri"),
                apiUri((URI) invoke(stage, "messageUri")),
                (String) invoke(stage, "clientId"),
                (String) invoke(stage, "clientSecret"),
                outputs.path("TopicPrefix").asText() + "e2e/",
                DynamoDbClient.create(),
                outputs.path("RoutesTableName").asText(),
                null);
    }

    /** Adds or replaces the route {@code clientId → <routed topic prefix>clientId}; returns the topic. */
    String putRoute(String clientId) {
        String topic = routedTopicPrefix + clientId;
        dynamoDb.putItem(b -> b.tableName(routesTable)
                .item(Map.of("ClientID", AttributeValue.fromS(clientId), "Topic", AttributeValue.fromS(topic))));
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

    private static Object call(Object target, String className, String method) {
        try {
            Method m = Class.forName(className).getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The e2e suite's " + className + "." + method + "() is gone: adapt "
                            + ProviderStage.class.getName(),
                    e);
        }
    }

    private static Object invoke(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The e2e suite's " + target.getClass().getName() + "." + method + "() is gone: adapt "
                            + ProviderStage.class.getName(),
                    e);
        }
    }
}
