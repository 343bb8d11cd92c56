package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.getAtt;
import static com.qrrouter.infra.SynthesizedStages.idsOf;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.QrRouterStack.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The outputs that the e2e tests and docs/deploy.md read. */
class OutputsTest {

    private static Template template(String stage) {
        return SynthesizedStages.of(stage).template();
    }

    /** The output {@code name}'s value is like {@code value}. */
    private static void assertOutput(String stage, String name, Object value) {
        template(stage).hasOutput(name, Map.of("Value", value));
    }

    /** {@code Fn::Join} of {@code parts} with no separator. */
    private static Map<String, Object> join(Object... parts) {
        return Map.of("Fn::Join", List.of("", List.of(parts)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void outputs_whenSynthesized_nameEverythingAClientAndAnOperatorNeeds(String stage) {
        List<String> expected = new ArrayList<>(List.of(
                Outputs.API_URL,
                Outputs.TOKEN_URL,
                Outputs.SCOPE,
                Outputs.USER_POOL_ID,
                Outputs.TEAM_CLIENT_IDS,
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
        assertThat(template(stage).findOutputs("*").keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertOutput(stage, Outputs.SCOPE, "qr-router/sendqrcode");
        assertOutput(stage, Outputs.TOPIC_PREFIX, "qr-router/" + stage + "/");
        assertOutput(stage, Outputs.ROUTES_TABLE_NAME, ref("RoutesTable"));
        assertOutput(stage, Outputs.QUEUE_URL, ref("MessageQueue"));
        assertOutput(stage, Outputs.DEAD_LETTER_QUEUE_URL, ref("DeadLetterQueue"));
        assertOutput(stage, Outputs.USER_POOL_ID, ref("MachineClientPool"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void teamClientIds_whenSynthesized_nameEachDeclaredClientByTeamAndGeneration(String stage) throws Exception {
        Template template = template(stage);
        Capture value = new Capture();
        template.hasOutput(Outputs.TEAM_CLIENT_IDS, Map.of("Value", value));
        // The JSON as CloudFormation will write it, with each client id's Ref as "<logical id>".
        StringBuilder json = new StringBuilder();
        List<?> parts = (List<?>) ((List<?>) ((Map<?, ?>) value.asObject()).get("Fn::Join")).get(1);
        for (Object part : parts) {
            json.append(part instanceof String text ? text : "<" + ((Map<?, ?>) part).get("Ref") + ">");
        }
        Map<String, Map<String, String>> ids = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(json.toString(), new com.fasterxml.jackson.core.type.TypeReference<>() {});

        Map<String, Map<String, String>> expected = new java.util.LinkedHashMap<>();
        for (StageTeams.Team team : SynthesizedStages.teams(stage).teams()) {
            for (String generation : team.generations()) {
                String clientId = template.findResources(
                                "AWS::Cognito::UserPoolClient",
                                SynthesizedStages.withProperties(Map.of("ClientName", team.clientName(generation))))
                        .keySet()
                        .iterator()
                        .next();
                expected.computeIfAbsent(team.name(), name -> new java.util.LinkedHashMap<>())
                        .put(generation, "<" + clientId + ">");
            }
        }
        assertThat(ids).isEqualTo(expected);
        if (StageConfig.forStage(stage).e2eTesterPolicy()) {
            assertThat(ids).containsKey(com.qrrouter.settings.E2eNames.TEAM);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void apiUrl_whenSynthesized_endsInTheStageAndResourceOfTheSeedUrl(String stage) {
        Template template = template(stage);
        Capture stageId = new Capture();
        assertOutput(
                stage,
                Outputs.API_URL,
                join(
                        "https://",
                        ref(template.getResourceId("AWS::ApiGateway::RestApi")),
                        ".execute-api.",
                        ref("AWS::Region"),
                        ".",
                        ref("AWS::URLSuffix"),
                        "/",
                        ref(stageId),
                        "/postmessagetosqs"));
        assertThat(idsOf(template, "AWS::ApiGateway::Stage", Map.of("StageName", stage)))
                .containsExactly(stageId.asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void tokenUrl_whenSynthesized_pointsAtTheCognitoDomainTokenEndpoint(String stage) {
        String domainId = template(stage).getResourceId("AWS::Cognito::UserPoolDomain");
        assertThat(domainId).startsWith("AuthUserPoolDomain");
        assertOutput(
                stage,
                Outputs.TOKEN_URL,
                join("https://", ref(domainId), ".auth.", ref("AWS::Region"), ".amazoncognito.com/oauth2/token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void iotDataEndpoint_whenSynthesized_comesFromTheDescribeEndpointLookup(String stage) {
        assertOutput(
                stage,
                Outputs.IOT_DATA_ENDPOINT,
                getAtt(Match.stringLikeRegexp("^IotEndpointLookup"), "endpointAddress"));
    }
}
