package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.infra.internal.ApiFirewall;
import com.qrrouter.infra.internal.ApiFirewallProps;
import com.qrrouter.infra.internal.DataStore;
import com.qrrouter.infra.internal.E2eTesterPolicyProps;
import com.qrrouter.infra.internal.MachineClientAuth;
import com.qrrouter.infra.internal.MachineClientAuthProps;
import com.qrrouter.infra.internal.MessageApiProps;
import com.qrrouter.infra.internal.OperationsProps;
import com.qrrouter.infra.internal.RouterFunctionProps;
import com.qrrouter.schema.QrMessageSchema;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.lambda.Function;

/** The props of the constructs: their documented defaults, and a missing required value named. */
class ConstructPropsTest {

    private static final StageConfig DEV = StageConfig.forStage("dev");

    @Test
    void messageApiProps_whenOnlyRequiredValuesGiven_takeTheCurrentSchemasModelAndBound() {
        Stack stack = new Stack(new App(), "Probe");
        DataStore data = new DataStore(stack, "Data", DEV);
        MessageApiProps props = MessageApiProps.builder()
                .stage(DEV)
                .auth(new MachineClientAuth(
                        stack,
                        "Auth",
                        MachineClientAuthProps.builder().stage(DEV).build()))
                .queue(data.queue())
                .build();

        assertThat(props.requestModelJson()).isEqualTo(QrMessageSchema.v1().apiGatewayModelJson());
        assertThat(props.maxMessageBytes()).isEqualTo(QrMessageSchema.MAX_MESSAGE_BYTES);
    }

    @Test
    void messageApiProps_whenAuthMissing_nameIt() {
        assertThatThrownBy(() -> MessageApiProps.builder().stage(DEV).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("MessageApiProps.auth is required");
    }

    @Test
    void messageApiProps_whenBoundNotPositive_isRefused() {
        Stack stack = new Stack(new App(), "Probe");
        DataStore data = new DataStore(stack, "Data", DEV);
        MessageApiProps.Builder builder = MessageApiProps.builder()
                .stage(DEV)
                .auth(new MachineClientAuth(
                        stack,
                        "Auth",
                        MachineClientAuthProps.builder().stage(DEV).build()))
                .queue(data.queue())
                .maxMessageBytes(0);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageBytes is 0");
    }

    @Test
    void machineClientAuthProps_whenTeamsNotGiven_declareNoneAndAMissingStageIsNamed() {
        assertThat(MachineClientAuthProps.builder().stage(DEV).build().teams()).isEqualTo(StageTeams.none());
        assertThatThrownBy(() -> MachineClientAuthProps.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("MachineClientAuthProps.stage is required");
        assertThatThrownBy(() ->
                        MachineClientAuthProps.builder().stage(DEV).teams(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("MachineClientAuthProps.teams is required");
    }

    @Test
    void routerFunctionProps_whenJarMissing_nameIt() {
        assertThatThrownBy(() -> RouterFunctionProps.builder().stage(DEV).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RouterFunctionProps.routerJar is required");
    }

    @Test
    void operationsProps_whenRouterMissing_nameIt() {
        Stack stack = new Stack(new App(), "Probe");
        OperationsProps.Builder builder = OperationsProps.builder().stage(DEV).data(new DataStore(stack, "Data", DEV));

        assertThatThrownBy(builder::build)
                .isInstanceOf(NullPointerException.class)
                .hasMessage("OperationsProps.router is required");
    }

    @Test
    void operationsProps_whenAlarmEmailNotGiven_haveNoneAndABlankAddressCountsAsNone() {
        Stack stack = new Stack(new App(), "Probe");
        OperationsProps.Builder builder = OperationsProps.builder()
                .stage(DEV)
                .data(new DataStore(stack, "Data", DEV))
                .router(Function.fromFunctionName(stack, "Router", "router"))
                .apiStage(apiStage(stack));

        assertThat(builder.build().alarmEmail()).isNull();
        assertThat(builder.build().hasAlarmEmail()).isFalse();
        assertThat(builder.alarmEmail(" ").build().hasAlarmEmail()).isFalse();
        assertThat(builder.alarmEmail("operators@example.com").build().hasAlarmEmail())
                .isTrue();
    }

    private static Stage apiStage(Stack stack) {
        RestApi api = RestApi.Builder.create(stack, "Api").build();
        api.getRoot().addMethod("GET", MockIntegration.Builder.create().build());
        return api.getDeploymentStage();
    }

    @Test
    void apiFirewallProps_whenOnlyRequiredValuesGiven_takeTheCurrentSchemasBound() {
        Stack stack = new Stack(new App(), "Probe");
        ApiFirewallProps props =
                ApiFirewallProps.builder().stage(DEV).apiStage(apiStage(stack)).build();

        assertThat(props.maxMessageBytes()).isEqualTo(QrMessageSchema.MAX_MESSAGE_BYTES);
    }

    @Test
    void apiFirewallProps_whenApiStageMissing_nameIt() {
        assertThatThrownBy(() -> ApiFirewallProps.builder().stage(DEV).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ApiFirewallProps.apiStage is required");
    }

    @Test
    void apiFirewallProps_whenSchemaBoundExceedsTheInspectionLimit_areRefused() {
        Stack stack = new Stack(new App(), "Probe");
        ApiFirewallProps.Builder builder = ApiFirewallProps.builder()
                .stage(DEV)
                .apiStage(apiStage(stack))
                .maxMessageBytes(ApiFirewall.BODY_INSPECTION_BYTES + 1);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BODY_INSPECTION_LIMIT");
    }

    @Test
    void apiFirewallProps_whenBoundNotPositive_areRefused() {
        Stack stack = new Stack(new App(), "Probe");
        ApiFirewallProps.Builder builder =
                ApiFirewallProps.builder().stage(DEV).apiStage(apiStage(stack)).maxMessageBytes(0);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageBytes is 0");
    }

    @Test
    void e2eTesterPolicyProps_whenAuthMissing_nameIt() {
        Stack stack = new Stack(new App(), "Probe");
        E2eTesterPolicyProps.Builder builder =
                E2eTesterPolicyProps.builder().stage(DEV).data(new DataStore(stack, "Data", DEV));

        assertThatThrownBy(builder::build)
                .isInstanceOf(NullPointerException.class)
                .hasMessage("E2eTesterPolicyProps.auth is required");
    }
}
