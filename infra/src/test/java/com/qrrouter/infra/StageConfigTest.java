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
    void constructor_whenLimitsOutOfRange_refusesTheConfiguration() {
        assertThatThrownBy(() -> new StageConfig(
                        "dev", 10, 5, 300, 2, RetentionDays.ONE_WEEK, MethodLoggingLevel.INFO, "INFO", false, false))
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> new StageConfig(
                        "dev", 10, 20, 5, 2, RetentionDays.ONE_WEEK, MethodLoggingLevel.INFO, "INFO", false, false))
                .hasMessageContaining("WAF");
        assertThatThrownBy(() -> new StageConfig(
                        "dev", 10, 20, 300, 1, RetentionDays.ONE_WEEK, MethodLoggingLevel.INFO, "INFO", false, false))
                .hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> new StageConfig(
                        "Bad Stage",
                        10,
                        20,
                        300,
                        2,
                        RetentionDays.ONE_WEEK,
                        MethodLoggingLevel.INFO,
                        "INFO",
                        false,
                        false))
                .hasMessageContaining("not valid");
    }
}
