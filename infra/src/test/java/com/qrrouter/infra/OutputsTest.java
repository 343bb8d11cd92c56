package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qrrouter.infra.QrRouterStack.Outputs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The outputs that the e2e tests and docs/deploy.md read. */
class OutputsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void outputs_whenSynthesized_nameEverythingAClientAndAnOperatorNeeds(String stage) {
        JsonNode outputs = SynthesizedStages.of(stage).json().path("Outputs");
        List<String> names = new ArrayList<>();
        outputs.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(List.of(
                Outputs.API_URL,
                Outputs.TOKEN_URL,
                Outputs.SCOPE,
                Outputs.USER_POOL_ID,
                Outputs.USER_POOL_CLIENT_ID,
                Outputs.ROUTES_TABLE_NAME,
                Outputs.QUEUE_URL,
                Outputs.DEAD_LETTER_QUEUE_URL,
                Outputs.IOT_DATA_ENDPOINT,
                Outputs.TOPIC_PREFIX,
                Outputs.ROUTER_FUNCTION_NAME,
                Outputs.ALARM_TOPIC_ARN));
        if (StageConfig.forStage(stage).e2eTesterPolicy()) {
            expected.add(Outputs.E2E_TESTER_POLICY_ARN);
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(outputs.at("/Scope/Value").asText()).isEqualTo("qr-router/sendqrcode");
        assertThat(outputs.at("/TopicPrefix/Value").asText()).isEqualTo("qr-router/" + stage + "/");
        assertThat(outputs.at("/RoutesTableName/Value/Ref").asText()).isEqualTo("RoutesTable");
        assertThat(outputs.at("/QueueUrl/Value/Ref").asText()).isEqualTo("MessageQueue");
        assertThat(outputs.at("/DeadLetterQueueUrl/Value/Ref").asText()).isEqualTo("DeadLetterQueue");
        assertThat(outputs.at("/UserPoolId/Value/Ref").asText()).isEqualTo("MachineClientPool");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void apiUrl_whenSynthesized_endsInTheStageAndResourceOfTheSeedUrl(String stage) {
        SynthesizedStages.Synthesized synth = SynthesizedStages.of(stage);
        JsonNode parts = synth.json().at("/Outputs/ApiUrl/Value/Fn::Join/1");
        int last = parts.size() - 1;
        assertThat(parts.get(0).asText()).isEqualTo("https://");
        assertThat(parts.get(last).asText()).isEqualTo("/postmessagetosqs");
        String stageRef = parts.get(last - 1).path("Ref").asText();
        assertThat(synth.json().at("/Resources/" + stageRef + "/Type").asText()).isEqualTo("AWS::ApiGateway::Stage");
        assertThat(synth.json()
                        .at("/Resources/" + stageRef + "/Properties/StageName")
                        .asText())
                .isEqualTo(stage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void tokenUrl_whenSynthesized_pointsAtTheCognitoDomainTokenEndpoint(String stage) {
        JsonNode value = SynthesizedStages.of(stage).json().at("/Outputs/TokenUrl/Value");
        assertThat(value.toString()).contains("amazoncognito.com/oauth2/token");
        assertThat(value.toString()).contains("AuthUserPoolDomain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void iotDataEndpoint_whenSynthesized_comesFromTheDescribeEndpointLookup(String stage) {
        JsonNode value = SynthesizedStages.of(stage).json().at("/Outputs/IotDataEndpoint/Value");
        assertThat(value.at("/Fn::GetAtt/0").asText()).startsWith("IotEndpointLookup");
        assertThat(value.at("/Fn::GetAtt/1").asText()).isEqualTo("endpointAddress");
    }
}
