package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.logs.RetentionDays;

class StageConfigTest {

    @Test
    void forStage_whenKnownStage_namesStackAndTopicPrefixAfterIt() {
        for (String name : StageConfig.STAGES) {
            StageConfig stage = StageConfig.forStage(name);
            assertThat(stage.stageName()).isEqualTo(name);
            assertThat(stage.stackName()).isEqualTo("QrRouter-" + name);
            assertThat(stage.topicPrefix()).isEqualTo("qr-router/" + name + "/");
        }
    }

    @Test
    void forStage_whenProd_retainsDataAndProtectsTheStack() {
        StageConfig prod = StageConfig.forStage("prod");
        assertThat(prod.retainData()).isTrue();
        assertThat(prod.terminationProtection()).isTrue();
        assertThat(prod.apiExecutionLogLevel()).isEqualTo(MethodLoggingLevel.ERROR);
        assertThat(prod.logRetention()).isEqualTo(RetentionDays.SIX_MONTHS);
    }

    @Test
    void forStage_whenDevOrStag_letsDataGoWithTheStack() {
        assertThat(StageConfig.forStage("dev").retainData()).isFalse();
        assertThat(StageConfig.forStage("stag").retainData()).isFalse();
        assertThat(StageConfig.forStage("dev").terminationProtection()).isFalse();
    }

    @Test
    void forStage_whenPromoted_growsCapacityStageByStage() {
        StageConfig dev = StageConfig.forStage("dev");
        StageConfig stag = StageConfig.forStage("stag");
        StageConfig prod = StageConfig.forStage("prod");
        assertThat(dev.apiRateLimit()).isLessThan(stag.apiRateLimit()).isLessThan(prod.apiRateLimit());
        assertThat(dev.maxConcurrency()).isLessThan(stag.maxConcurrency()).isLessThan(prod.maxConcurrency());
        assertThat(dev.wafRequestsPerIpPerFiveMinutes())
                .isLessThan(stag.wafRequestsPerIpPerFiveMinutes())
                .isLessThan(prod.wafRequestsPerIpPerFiveMinutes());
    }

    @Test
    void forStage_whenUnknownOrWrongCase_namesTheKnownStages() {
        assertThatThrownBy(() -> StageConfig.forStage("qa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[dev, stag, prod]")
                .hasMessageContaining("-c stage=");
        assertThatThrownBy(() -> StageConfig.forStage("Prod")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StageConfig.forStage(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_whenLimitsOutOfRange_refusesTheConfiguration() {
        assertThatThrownBy(() -> StageConfig.builder("dev").apiThrottling(10, 5).build())
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> StageConfig.builder("dev")
                        .wafRequestsPerIpPerFiveMinutes(5)
                        .build())
                .hasMessageContaining("WAF");
        assertThatThrownBy(() -> StageConfig.builder("dev").maxConcurrency(1).build())
                .hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> StageConfig.builder("Bad Stage").build()).hasMessageContaining("not valid");
    }

    @Test
    void builder_whenNothingSet_describesANonProductionStage() {
        StageConfig config = StageConfig.builder("qa").build();
        assertThat(config.retainData()).isFalse();
        assertThat(config.terminationProtection()).isFalse();
        assertThat(config.functionLogLevel()).isEqualTo("INFO");
        assertThat(config.topicPrefix()).isEqualTo("qr-router/qa/");
    }
}
