package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.infra.capacity.CapacityModel;
import com.qrrouter.infra.capacity.ProdRecommendation;
import com.qrrouter.settings.PipelineSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
    void forStage_whenProd_takesTheCapacityModelsRecommendation() {
        StageConfig prod = StageConfig.forStage("prod");
        ProdRecommendation recommended = CapacityModel.recommendProd();

        // If the model's inputs or quotas change, this fails: re-read docs/performance.md and move prod with it.
        assertThat(prod.apiRateLimit()).isEqualTo(recommended.apiRateLimit());
        assertThat(prod.apiBurstLimit()).isEqualTo(recommended.apiBurstLimit());
        assertThat(prod.wafRequestsPerIpPerFiveMinutes()).isEqualTo(recommended.wafRequestsPerIpPerFiveMinutes());
        assertThat(prod.maxConcurrency()).isEqualTo(recommended.maxConcurrency());
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

    @Test
    void forStage_whenKnownStage_hasNoBatchingWindowByDefault() {
        for (String name : StageConfig.STAGES) {
            assertThat(StageConfig.forStage(name).batchingWindow())
                    .isEqualTo(PipelineSettings.DEFAULT_BATCHING_WINDOW)
                    .isZero();
        }
    }

    @Test
    void forStage_whenKnownStage_takesThePipelinesScanAgeLimit() {
        for (String name : StageConfig.STAGES) {
            assertThat(StageConfig.forStage(name).maxScanAge()).isEqualTo(PipelineSettings.DEFAULT_MAX_SCAN_AGE);
        }
    }

    @Test
    void build_whenScanAgeOutOfRangeOrFractional_namesStageValueAndRange() {
        assertThatThrownBy(() ->
                        StageConfig.builder("stag").maxScanAge(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The scan age limit (maxScanAgeSeconds) of stage stag is 0 s: use 1 to 3600 whole"
                        + " seconds.");
        assertThatThrownBy(() -> StageConfig.builder("stag")
                        .maxScanAge(Duration.ofSeconds(3601))
                        .build())
                .hasMessageContaining("is 3601 s");
        assertThatThrownBy(() -> StageConfig.builder("stag")
                        .maxScanAge(Duration.ofMillis(1500))
                        .build())
                .hasMessageContaining("is 1.5 s");
        assertThat(StageConfig.builder("stag")
                        .maxScanAge(Duration.ofSeconds(1))
                        .build()
                        .maxScanAge())
                .hasSeconds(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 20, 300})
    void build_whenBatchingWindowWholeSecondsUpTo300_keepsIt(long seconds) {
        StageConfig config = StageConfig.builder("dev")
                .batchingWindow(Duration.ofSeconds(seconds))
                .build();
        assertThat(config.batchingWindow()).hasSeconds(seconds);
    }

    @Test
    void build_whenBatchingWindowOutOfRangeOrFractional_namesStageValueAndRange() {
        assertThatThrownBy(() -> StageConfig.builder("stag")
                        .batchingWindow(Duration.ofSeconds(301))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The batching window (batchingWindowSeconds) of stage stag is 301 s: use 0 to 300 whole"
                        + " seconds.");
        assertThatThrownBy(() -> StageConfig.builder("stag")
                        .batchingWindow(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("is -1 s");
        assertThatThrownBy(() -> StageConfig.builder("stag")
                        .batchingWindow(Duration.ofMillis(500))
                        .build())
                .hasMessageContaining("is 0.5 s")
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(
                        () -> StageConfig.builder("stag").batchingWindow(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("batchingWindow");
    }

    @Test
    void build_whenLimitsOutOfRange_namesStageValueAndWhatIsAllowed() {
        assertThatThrownBy(() ->
                        StageConfig.builder("prod").apiThrottling(300, 200).build())
                .hasMessage(
                        "The API burst limit (apiBurstLimit) of stage prod is 200: use at least the rate limit (300)"
                                + " and at most 5000 requests; raise the burst together with the rate.");
        assertThatThrownBy(
                        () -> StageConfig.builder("prod").apiThrottling(0, 200).build())
                .hasMessageContaining("API rate limit (apiRateLimit) of stage prod is 0")
                .hasMessageContaining("more than 0 and at most 10000");
        assertThatThrownBy(() ->
                        StageConfig.builder("prod").apiThrottling(12_000, 5_000).build())
                .hasMessageContaining("is 12000");
        assertThatThrownBy(() ->
                        StageConfig.builder("prod").apiThrottling(10, 5_001).build())
                .hasMessageContaining("is 5001");
        assertThatThrownBy(() -> StageConfig.builder("prod")
                        .wafRequestsPerIpPerFiveMinutes(2_000_000_001L)
                        .build())
                .hasMessage("The WAF rate limit (wafRateLimit) of stage prod is 2000000001: use 10 to 2000000000"
                        + " requests per IP per 5 minutes.");
        assertThatThrownBy(
                        () -> StageConfig.builder("prod").maxConcurrency(1001).build())
                .hasMessage("The maximum concurrency (maxConcurrency) of stage prod is 1001: use 2 to 1000 concurrent"
                        + " invocations.");
        assertThat(StageConfig.builder("prod").apiThrottling(12.5, 13).build().apiRateLimit())
                .isEqualTo(12.5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme/doors/prod/",
                "qr-router/prod/",
                "qr-router/prod/eu-west-1/",
                "Site_1/door.controllers/",
                "a/",
                "a/b/c/d/e/f/g/"
            })
    void build_whenTopicPrefixValid_keepsIt(String prefix) {
        StageConfig config =
                StageConfig.forStage("prod").toBuilder().topicPrefix(prefix).build();
        assertThat(config.topicPrefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "acme/doors        | ends with '/'",
                "/acme/doors/      | does not start with '/'",
                "acme//doors/      | without an empty level",
                "acme/#/           | '#' (an MQTT wildcard)",
                "acme/+/           | '+' (an MQTT wildcard)",
                "acme/*/           | '*' (a wildcard in the IAM policy's topic ARN)",
                "acme/door?/       | '?' (a wildcard in the IAM policy's topic ARN)",
                "$aws/things/      | '$' (reserved topics; a policy variable in IAM)",
                "acme/${aws:u}/    | '$' (reserved topics; a policy variable in IAM)",
                "acme doors/       | not U+0020",
                "acme/türen/       | not 'ü' (U+00FC)",
                "a/b/c/d/e/f/g/h/  | at most 7 levels, not 8",
                "qr-router/        | apart from stage dev's topics qr-router/dev/",
                "qr-router/stag/x/ | apart from stage stag's topics qr-router/stag/",
            })
    void build_whenTopicPrefixInvalid_namesStageValueAndTheRule(String prefix, String rule) {
        assertThatThrownBy(() -> StageConfig.forStage("prod").toBuilder()
                        .topicPrefix(prefix)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The topic prefix (topicPrefix) of stage prod is '" + prefix + "': use ")
                .hasMessageContaining(rule)
                .hasMessageContaining("e.g. qr-router/prod/ or acme/doors/prod/");
    }

    @Test
    void build_whenTopicPrefixNulOrTooLong_refusesIt() {
        assertThatThrownBy(() -> StageConfig.forStage("prod").toBuilder()
                        .topicPrefix("acme/" + '\0' + "/")
                        .build())
                .hasMessageContaining("not NUL");
        String longest = "x".repeat(254) + "/";
        assertThat(StageConfig.forStage("prod").toBuilder()
                        .topicPrefix(longest)
                        .build()
                        .topicPrefix())
                .hasSize(StageConfig.MAX_TOPIC_PREFIX_LENGTH);
        assertThatThrownBy(() -> StageConfig.forStage("prod").toBuilder()
                        .topicPrefix("x" + longest)
                        .build())
                .hasMessageContaining("at most 255 characters, not 256");
        assertThatThrownBy(() ->
                        StageConfig.forStage("prod").toBuilder().topicPrefix("").build())
                .hasMessageContaining("a non-empty prefix");
    }

    @Test
    void build_whenStageHasTheE2eTesterPolicy_leavesALevelForTheE2eTopics() {
        // <prefix>e2e/<name> must stay within AWS IoT's 7 slashes.
        assertThat(StageConfig.forStage("stag").toBuilder()
                        .topicPrefix("a/b/c/d/e/f/")
                        .build()
                        .topicPrefix())
                .isEqualTo("a/b/c/d/e/f/");
        assertThatThrownBy(() -> StageConfig.forStage("stag").toBuilder()
                        .topicPrefix("a/b/c/d/e/f/g/")
                        .build())
                .hasMessageContaining("at most 6 levels, not 7")
                .hasMessageContaining("the e2e suite's topics add the level e2e/");
        assertThat(StageConfig.forStage("prod").toBuilder()
                        .topicPrefix("a/b/c/d/e/f/g/")
                        .build()
                        .topicPrefix())
                .isEqualTo("a/b/c/d/e/f/g/");
    }

    @Test
    void toBuilder_whenBuiltUnchanged_equalsTheOriginal() {
        for (String name : StageConfig.STAGES) {
            StageConfig stage = StageConfig.forStage(name);
            assertThat(stage.toBuilder().build()).isEqualTo(stage);
        }
        StageConfig custom = StageConfig.forStage("stag").toBuilder()
                .topicPrefix("acme/stag/")
                .batchingWindow(Duration.ofSeconds(3))
                .build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
    }
}
