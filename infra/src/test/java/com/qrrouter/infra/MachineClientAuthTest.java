package com.qrrouter.infra;

import static com.qrrouter.infra.SynthesizedStages.jsonText;
import static com.qrrouter.infra.SynthesizedStages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Cognito: a pool of machine clients, a domain per stage, the scope, and a client_credentials client. */
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
    void client_whenSynthesized_usesOnlyClientCredentialsForTheScopeWithAGeneratedSecret(String stage) {
        Capture flows = new Capture();
        assertSingle(
                stage,
                "AWS::Cognito::UserPoolClient",
                Map.of(
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
        // No user sign-in flow: the client can only use its secret at the token endpoint.
        assertThat(flows.asArray())
                .doesNotContain("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void template_whenSynthesized_neverExposesTheClientSecret(String stage) {
        String template = jsonText(SynthesizedStages.of(stage).template().toJSON());
        assertThat(template).doesNotContain("ClientSecret");
    }
}
