package com.qrrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.settings.E2eNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage deployed with {@code cdk deploy --outputs-file …} (docs/deploy.md), as its outputs describe it. The only class
 * of this module that reads settings from outside: the outputs file ({@code -D}{@value #OUTPUTS_FILE_PROPERTY}) and the
 * environment variable {@value #CLIENT_SECRET_VARIABLE}.
 *
 * @param stackName the stack, e.g. {@code QrRouter-stag}
 * @param tokenUri output {@code TokenUrl}
 * @param messageUri output {@code ApiUrl}
 * @param clientId the newest app client of the e2e team {@link E2eNames#TEAM} in the output {@code TeamClientIds}
 * @param userPoolId output {@code UserPoolId}
 * @param routesTable output {@code RoutesTableName}
 * @param queueUrl output {@code QueueUrl}
 * @param deadLetterQueueUrl output {@code DeadLetterQueueUrl}
 * @param iotEndpoint output {@code IotDataEndpoint}
 * @param topicPrefix output {@code TopicPrefix}, e.g. {@code qr-router/stag/}
 * @param region the region, from the API's host name
 */
record DeployedStage(
        String stackName,
        URI tokenUri,
        URI messageUri,
        String clientId,
        String userPoolId,
        String routesTable,
        String queueUrl,
        String deadLetterQueueUrl,
        String iotEndpoint,
        String topicPrefix,
        String region) {

    static final String OUTPUTS_FILE_PROPERTY = "e2e.outputsFile";
    static final String CLIENT_SECRET_VARIABLE = "E2E_CLIENT_SECRET";

    private static final Pattern API_HOST =
            Pattern.compile("^[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");
    /** The stack name infra gives a stage ({@code StageConfig.stackName()}): the stage name is taken from it. */
    private static final Pattern STACK_NAME = Pattern.compile("^QrRouter-([a-z][a-z0-9]{1,15})$");

    /** From {@code -De2e.outputsFile=…}. */
    static DeployedStage fromSystem() {
        String file = System.getProperty(OUTPUTS_FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("Set -D" + OUTPUTS_FILE_PROPERTY
                    + "=<path of the cdk deploy --outputs-file JSON>, e.g. infra/cdk-outputs-stag.json");
        }
        return fromOutputs(Path.of(file));
    }

    /**
     * Reads a CDK outputs file ({@code {"QrRouter-stag": {"ApiUrl": …, "TokenUrl": …, …}}}).
     *
     * @throws IllegalStateException saying what is missing and where to get it
     */
    static DeployedStage fromOutputs(Path outputsFile) {
        if (!Files.isRegularFile(outputsFile)) {
            throw new IllegalStateException("The CDK outputs file " + outputsFile.toAbsolutePath()
                    + " does not exist: deploy with npx cdk deploy -c stage=<stage> --outputs-file <file>");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(outputsFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CDK outputs file " + outputsFile, e);
        }
        List<Map.Entry<String, JsonNode>> stacks = new ArrayList<>();
        root.properties().forEach(stack -> {
            if (stack.getValue().has("ApiUrl")) {
                stacks.add(stack);
            }
        });
        if (stacks.size() != 1) {
            throw new IllegalStateException("The CDK outputs file " + outputsFile + " must hold exactly one QR Router"
                    + " stack with an ApiUrl output, found " + stacks.size());
        }
        JsonNode outputs = stacks.get(0).getValue();
        URI messageUri = URI.create(required(outputs, "ApiUrl"));
        Matcher host = API_HOST.matcher(messageUri.getHost() == null ? "" : messageUri.getHost());
        if (!host.find()) {
            throw new IllegalStateException("The ApiUrl output " + messageUri
                    + " is not an execute-api URL (https://<id>.execute-api.<region>.amazonaws.com/…)");
        }
        if (!STACK_NAME.matcher(stacks.get(0).getKey()).matches()) {
            throw new IllegalStateException("The stack " + stacks.get(0).getKey()
                    + " in the CDK outputs file is not named QrRouter-<stage>, as infra names a stage's stack");
        }
        // The default prefix is qr-router/<stage>/; a stage may override it (docs/deploy.md, topicPrefix).
        String topicPrefix = required(outputs, "TopicPrefix");
        if (!topicPrefix.endsWith("/")) {
            throw new IllegalStateException("The TopicPrefix output " + topicPrefix + " does not end with /");
        }
        return new DeployedStage(
                stacks.get(0).getKey(),
                URI.create(required(outputs, "TokenUrl")),
                messageUri,
                e2eClientId(required(outputs, "TeamClientIds")),
                required(outputs, "UserPoolId"),
                required(outputs, "RoutesTableName"),
                required(outputs, "QueueUrl"),
                required(outputs, "DeadLetterQueueUrl"),
                required(outputs, "IotDataEndpoint"),
                topicPrefix,
                host.group(1));
    }

    /** The stage name, from the stack name {@code QrRouter-<stage>} (the topic prefix may be overridden). */
    String stageName() {
        Matcher matcher = STACK_NAME.matcher(stackName);
        matcher.matches();
        return matcher.group(1);
    }

    /**
     * The client secret: {@value #CLIENT_SECRET_VARIABLE} if set, else what {@code describeUserPoolClient} reads from
     * Cognito (the tester's policy allows {@code cognito-idp:DescribeUserPoolClient} on the pool).
     */
    String clientSecret(Map<String, String> environment, Supplier<String> describeUserPoolClient) {
        String secret = environment.get(CLIENT_SECRET_VARIABLE);
        return secret == null || secret.isBlank() ? describeUserPoolClient.get() : secret;
    }

    /**
     * The e2e team's newest client from {@code TeamClientIds} ({@code {"<team>": {"<generation>": "<client id>"}}},
     * generations oldest first, as the stage's team file lists them).
     */
    private static String e2eClientId(String teamClientIds) {
        JsonNode teams;
        try {
            teams = new ObjectMapper().readTree(teamClientIds);
        } catch (IOException e) {
            throw new IllegalStateException("The TeamClientIds output is not JSON: " + teamClientIds, e);
        }
        JsonNode clients = teams.path(E2eNames.TEAM);
        List<String> ids = new ArrayList<>();
        clients.properties().forEach(generation -> ids.add(generation.getValue().asText()));
        if (ids.isEmpty()) {
            throw new IllegalStateException("The stage declares no team " + E2eNames.TEAM + " (TeamClientIds output "
                    + teamClientIds + "): declare it in infra/teams/<stage>.json and deploy (docs/deploy.md, Teams)");
        }
        return ids.get(ids.size() - 1);
    }

    private static String required(JsonNode outputs, String name) {
        JsonNode value = outputs.get(name);
        if (value == null || value.asText().isBlank()) {
            throw new IllegalStateException("The CDK outputs file has no " + name
                    + " output: deploy the stage again with this version of infra/ (docs/deploy.md)");
        }
        return value.asText();
    }
}
