package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The template does not depend on an iteration order the JDK does not promise. {@code Map.of} with several entries
 * iterates in an unspecified order; where such a map reaches the template (the error model's properties, the SQS
 * integration's request parameters, the WAF's custom response bodies) its order feeds the API Deployment's logical id
 * (a hash of the methods), and a different order would redeploy the stage for nothing. Those maps are sorted now; this
 * test pins the order CDK writes.
 */
class TemplateStabilityTest {

    @Test
    void synth_whenMapsWithSeveralEntriesReachTheTemplate_writesTheirKeysInSortedOrder() throws Exception {
        SynthesizedStages.Synthesized dev = SynthesizedStages.of("dev");
        JsonNode template = SynthesizedStages.JSON.readTree(dev.assemblyDir()
                .resolve(dev.stack().getStackName() + ".template.json")
                .toFile());

        List<JsonNode> resources = new ArrayList<>();
        template.path("Resources").forEach(resources::add);

        JsonNode errorModel = resources.stream()
                .filter(r -> r.path("Type").asText().equals("AWS::ApiGateway::Model"))
                .filter(r -> r.at("/Properties/Name").asText().equals("ErrorResponse"))
                .findFirst()
                .orElseThrow();
        assertThat(fieldNames(errorModel.at("/Properties/Schema/properties"))).containsExactly("message", "requestId");

        JsonNode method = resources.stream()
                .filter(r -> r.path("Type").asText().equals("AWS::ApiGateway::Method"))
                .filter(r -> r.at("/Properties/HttpMethod").asText().equals("POST"))
                .findFirst()
                .orElseThrow();
        assertThat(fieldNames(method.at("/Properties/Integration/RequestParameters")))
                .containsExactly("integration.request.header.Accept", "integration.request.header.Content-Type");

        JsonNode webAcl = resources.stream()
                .filter(r -> r.path("Type").asText().equals("AWS::WAFv2::WebACL"))
                .findFirst()
                .orElseThrow();
        assertThat(fieldNames(webAcl.at("/Properties/CustomResponseBodies")))
                .containsExactly("TooLarge", "TooManyRequests");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("fields of %s", node).isNotEmpty();
        return names;
    }
}
