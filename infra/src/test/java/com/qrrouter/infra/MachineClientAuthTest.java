package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.jsonText;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.infra.internal.MachineClientAuth;
import com.qrrouter.infra.internal.MachineClientAuthProps;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Cognito: a pool of machine clients, a domain per stage, the scope, and a client_credentials client per team. */
class MachineClientAuthTest {

    /** The stage's one resource of {@code type} has properties like {@code properties}. */
    private static void assertSingle(String stage, String type, Map<String, ?> properties) {
        Template template = SynthesizedStages.of(stage).template();
        template.resourceCountIs(type, 1);
        template.hasResourceProperties(type, properties);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void userPool_whenSynthesized_admitsNoSelfSignUp(String stage) {
        Capture minimumLength = new Capture();
        assertSingle(
                stage,
                "AWS::Cognito::UserPool",
                Map.of(
                        "AdminCreateUserConfig",
                        Map.of("AllowAdminCreateUserOnly", true),
                        "Policies",
                        Map.of("PasswordPolicy", Map.of("MinimumLength", minimumLength))));
        assertThat(minimumLength.asNumber().intValue()).isGreaterThanOrEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void domain_whenSynthesized_hasAPrefixPerStageAndAccount(String stage) {
        assertSingle(
                stage,
                "AWS::Cognito::UserPoolDomain",
                Map.of(
                        "Domain",
                        Map.of("Fn::Join", List.of("", List.of("qr-router-" + stage + "-", ref("AWS::AccountId"))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void resourceServer_whenSynthesized_offersTheSendQrCodeScope(String stage) {
        assertSingle(
                stage,
                "AWS::Cognito::UserPoolResourceServer",
                Map.of("Identifier", "qr-router", "Scopes", List.of(Map.of("ScopeName", "sendqrcode"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void clients_whenSynthesized_useOnlyClientCredentialsForTheScopeWithAGeneratedSecret(String stage) {
        Template template = SynthesizedStages.of(stage).template();
        Capture flows = new Capture();
        template.allResourcesProperties(
                "AWS::Cognito::UserPoolClient",
                Map.of(
                        "UserPoolId",
                        ref(MachineClientAuth.USER_POOL_LOGICAL_ID),
                        "GenerateSecret",
                        true,
                        "AllowedOAuthFlows",
                        List.of("client_credentials"),
                        "AllowedOAuthFlowsUserPoolClient",
                        true,
                        "AllowedOAuthScopes",
                        List.of(Map.of("Fn::Join", List.of("", List.of(Match.anyValue(), "/sendqrcode")))),
                        "AccessTokenValidity",
                        60,
                        "TokenValidityUnits",
                        Map.of("AccessToken", "minutes"),
                        "EnableTokenRevocation",
                        true,
                        "ExplicitAuthFlows",
                        flows));
        // No user sign-in flow: a client can only use its secret at the token endpoint.
        for (Object clientFlows : SynthesizedStages.everyValue(flows, Capture::asArray)) {
            assertThat(((List<?>) clientFlows).stream().map(String::valueOf).toList())
                    .doesNotContain("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void clients_whenSynthesized_areExactlyOnePerDeclaredTeamAndGeneration(String stage) {
        Template template = SynthesizedStages.of(stage).template();
        List<String> declared = SynthesizedStages.teams(stage).teams().stream()
                .flatMap(team -> team.generations().stream().map(team::clientName))
                .toList();
        Capture names = new Capture();
        template.allResourcesProperties("AWS::Cognito::UserPoolClient", Map.of("ClientName", names));
        assertThat(SynthesizedStages.everyValue(names, Capture::asString))
                .containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).isNotEmpty();
    }

    @Test
    void clients_whenATeamRotates_areTwoClientsOfTheSameTeamAndARevokedGenerationIsGone() {
        StageTeams rotating =
                StageTeams.parse("{\"teams\":[{\"name\":\"door-vendor\",\"generations\":[\"1\",\"2\"]}]}", "rotating");
        StageTeams rotated =
                StageTeams.parse("{\"teams\":[{\"name\":\"door-vendor\",\"generations\":[\"2\"]}]}", "rotated");
        StageConfig prod = StageConfig.forStage("prod");

        Set<String> during = clientNames(prod, rotating);
        Set<String> after = clientNames(prod, rotated);

        assertThat(during).containsExactlyInAnyOrder("door-vendor.1", "door-vendor.2");
        assertThat(after).containsExactly("door-vendor.2");
    }

    private static Set<String> clientNames(StageConfig stage, StageTeams teams) {
        Stack stack = new Stack(new App(), "Probe");
        MachineClientAuth auth = new MachineClientAuth(
                stack,
                "Auth",
                MachineClientAuthProps.builder().stage(stage).teams(teams).build());
        assertThat(auth.teamClients())
                .allSatisfy(client -> assertThat(client.team()).isEqualTo("door-vendor"));
        Capture names = new Capture();
        Template.fromStack(stack).allResourcesProperties("AWS::Cognito::UserPoolClient", Map.of("ClientName", names));
        return new java.util.TreeSet<>(SynthesizedStages.everyValue(names, Capture::asString));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void template_whenSynthesized_neverExposesTheClientSecret(String stage) {
        String template = jsonText(SynthesizedStages.of(stage).template().toJSON());
        assertThat(template).doesNotContain("ClientSecret");
    }
}
