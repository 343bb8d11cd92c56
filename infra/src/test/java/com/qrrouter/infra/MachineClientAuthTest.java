package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cognito: a pool of machine clients, a domain per stage, the scope, and a client_credentials client. */
class MachineClientAuthTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void userPool_whenSynthesized_admitsNoSelfSignUp(String stage) {
        JsonNode pool = SynthesizedStages.of(stage).single("AWS::Cognito::UserPool");
        assertThat(pool.at("/Properties/AdminCreateUserConfig/AllowAdminCreateUserOnly")
                        .asBoolean())
                .isTrue();
        assertThat(pool.at("/Properties/Policies/PasswordPolicy/MinimumLength").asInt())
                .isGreaterThanOrEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void domain_whenSynthesized_hasAPrefixPerStageAndAccount(String stage) {
        JsonNode domain = SynthesizedStages.of(stage).single("AWS::Cognito::UserPoolDomain");
        JsonNode parts = domain.at("/Properties/Domain/Fn::Join/1");
        assertThat(parts.get(0).asText()).isEqualTo("qr-router-" + stage + "-");
        assertThat(parts.get(1).path("Ref").asText()).isEqualTo("AWS::AccountId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void resourceServer_whenSynthesized_offersTheSendQrCodeScope(String stage) {
        JsonNode server = SynthesizedStages.of(stage).single("AWS::Cognito::UserPoolResourceServer");
        assertThat(server.at("/Properties/Identifier").asText()).isEqualTo("qr-router");
        assertThat(server.at("/Properties/Scopes")).hasSize(1);
        assertThat(server.at("/Properties/Scopes/0/ScopeName").asText()).isEqualTo("sendqrcode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void client_whenSynthesized_usesOnlyClientCredentialsForTheScopeWithAGeneratedSecret(String stage) {
        JsonNode client = SynthesizedStages.of(stage).single("AWS::Cognito::UserPoolClient");
        JsonNode props = client.path("Properties");
        assertThat(props.path("GenerateSecret").asBoolean()).isTrue();
        assertThat(props.path("AllowedOAuthFlows").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(props.path("AllowedOAuthFlowsUserPoolClient").asBoolean()).isTrue();
        assertThat(props.path("AllowedOAuthScopes")).hasSize(1);
        assertThat(props.at("/AllowedOAuthScopes/0/Fn::Join/1/1").asText()).isEqualTo("/sendqrcode");
        assertThat(props.path("AccessTokenValidity").asInt()).isEqualTo(60);
        assertThat(props.at("/TokenValidityUnits/AccessToken").asText()).isEqualTo("minutes");
        assertThat(props.path("EnableTokenRevocation").asBoolean()).isTrue();
        // No user sign-in flow: the client can only use its secret at the token endpoint.
        List<String> flows = new ArrayList<>();
        props.path("ExplicitAuthFlows").forEach(f -> flows.add(f.asText()));
        assertThat(flows).doesNotContain("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "stag", "prod"})
    void template_whenSynthesized_neverExposesTheClientSecret(String stage) {
        String template = SynthesizedStages.of(stage).json().toString();
        assertThat(template).doesNotContain("ClientSecret");
    }
}
