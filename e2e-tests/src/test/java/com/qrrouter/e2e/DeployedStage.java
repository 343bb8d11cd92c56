package com.qrrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stage deployed with {@code cdk deploy --outputs-file …} (docs/deploy.md): the API and token URLs and the client id
 * from the outputs file, the client secret (never an output) from the environment variable
 * {@value #CLIENT_SECRET_VARIABLE}. The only class of this module that reads settings from outside.
 */
final class DeployedStage implements StageUnderTest {

    static final String OUTPUTS_FILE_PROPERTY = "e2e.outputsFile";
    static final String CLIENT_SECRET_VARIABLE = "E2E_CLIENT_SECRET";

    private final URI tokenUri;
    private final URI messageUri;
    private final String clientId;
    private final String clientSecret;

    private DeployedStage(URI tokenUri, URI messageUri, String clientId, String clientSecret) {
        this.tokenUri = tokenUri;
        this.messageUri = messageUri;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** From {@code -De2e.outputsFile=…} and {@code E2E_CLIENT_SECRET}. */
    static DeployedStage fromSystem() {
        String file = System.getProperty(OUTPUTS_FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("Set -D" + OUTPUTS_FILE_PROPERTY
                    + "=<path of the cdk deploy --outputs-file JSON>, e.g. infra/cdk-outputs-stag.json");
        }
        return fromOutputs(Path.of(file), System.getenv());
    }

    /**
     * Reads a CDK outputs file ({@code {"<stack>": {"ApiUrl": …, "TokenUrl": …, "UserPoolClientId": …}}}).
     *
     * @throws IllegalStateException saying what is missing and where to get it
     */
    static DeployedStage fromOutputs(Path outputsFile, Map<String, String> environment) {
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
        List<JsonNode> stacks = new ArrayList<>();
        root.forEach(stack -> {
            if (stack.has("ApiUrl")) {
                stacks.add(stack);
            }
        });
        if (stacks.size() != 1) {
            throw new IllegalStateException("The CDK outputs file " + outputsFile + " must hold exactly one QR Router"
                    + " stack with an ApiUrl output, found " + stacks.size());
        }
        JsonNode outputs = stacks.get(0);
        String secret = environment.get(CLIENT_SECRET_VARIABLE);
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("Set " + CLIENT_SECRET_VARIABLE + " to the client secret (aws cognito-idp"
                    + " describe-user-pool-client … --query UserPoolClient.ClientSecret, docs/deploy.md section 5)");
        }
        return new DeployedStage(
                URI.create(required(outputs, "TokenUrl")),
                URI.create(required(outputs, "ApiUrl")),
                required(outputs, "UserPoolClientId"),
                secret);
    }

    private static String required(JsonNode outputs, String name) {
        JsonNode value = outputs.get(name);
        if (value == null || value.asText().isBlank()) {
            throw new IllegalStateException("The CDK outputs file has no " + name + " output");
        }
        return value.asText();
    }

    @Override
    public URI tokenUri() {
        return tokenUri;
    }

    @Override
    public URI messageUri() {
        return messageUri;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String clientSecret() {
        return clientSecret;
    }
}
