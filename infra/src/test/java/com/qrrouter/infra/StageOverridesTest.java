package com.qrrouter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing CDK context into stage overrides, without a CDK app: strings and JSON numbers, bad values, misspelt keys. */
class StageOverridesTest {

    private static final List<String> APP_KEYS = List.of("stage", "routerJar", "alarmEmail");

    private static StageOverrides parse(Map<String, ?> context) {
        return StageOverrides.fromContext(context, APP_KEYS);
    }

    private static Map<String, Object> context(Object... keysAndValues) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return context;
    }

    @Test
    void applyTo_whenOneOverride_changesOnlyThatValue() {
        StageConfig prod = StageConfig.forStage("prod");

        StageConfig overridden =
                parse(context("stage", "prod", "maxConcurrency", "50")).applyTo(prod);

        assertThat(overridden.maxConcurrency()).isEqualTo(50);
        assertThat(overridden).isEqualTo(prod.toBuilder().maxConcurrency(50).build());
        assertThat(prod.maxConcurrency()).as("the defaults are untouched").isEqualTo(12);
    }

    @Test
    void applyTo_whenEveryKeyGivenAsStrings_setsEveryValue() {
        StageConfig overridden = parse(context(
                        "apiRateLimit", "37.5",
                        "apiBurstLimit", "75",
                        "wafRateLimit", "12345",
                        "maxConcurrency", "50",
                        "batchingWindowSeconds", "2",
                        "maxScanAgeSeconds", "30",
                        "topicPrefix", "acme/doors/prod/"))
                .applyTo(StageConfig.forStage("prod"));

        assertThat(overridden.apiRateLimit()).isEqualTo(37.5);
        assertThat(overridden.apiBurstLimit()).isEqualTo(75);
        assertThat(overridden.wafRequestsPerIpPerFiveMinutes()).isEqualTo(12_345);
        assertThat(overridden.maxConcurrency()).isEqualTo(50);
        assertThat(overridden.batchingWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(overridden.maxScanAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(overridden.topicPrefix()).isEqualTo("acme/doors/prod/");
        // What is not an override keeps the stage's value.
        assertThat(overridden.retainData()).isTrue();
        assertThat(overridden.logRetention())
                .isEqualTo(StageConfig.forStage("prod").logRetention());
    }

    @Test
    void applyTo_whenValuesAreJsonNumbers_acceptsThemAsCdkJsonGivesThem() {
        StageConfig overridden = parse(context(
                        "apiRateLimit",
                        40.0,
                        "apiBurstLimit",
                        80,
                        "wafRateLimit",
                        3_000_000_000L / 2,
                        "maxConcurrency",
                        50.0,
                        "batchingWindowSeconds",
                        new BigDecimal("1.0")))
                .applyTo(StageConfig.forStage("stag"));

        assertThat(overridden.apiRateLimit()).isEqualTo(40.0);
        assertThat(overridden.apiBurstLimit()).isEqualTo(80);
        assertThat(overridden.wafRequestsPerIpPerFiveMinutes()).isEqualTo(1_500_000_000L);
        assertThat(overridden.maxConcurrency()).isEqualTo(50);
        assertThat(overridden.batchingWindow()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void applyTo_whenNothingOverridden_returnsTheDefaults() {
        StageOverrides overrides = parse(context(
                "stage", "dev", "@aws-cdk/core:newStyleStackSynthesis", true, "aws:cdk:enable-path-metadata", true));

        assertThat(overrides.isEmpty()).isTrue();
        assertThat(overrides.applyTo(StageConfig.forStage("dev"))).isEqualTo(StageConfig.forStage("dev"));
        assertThat(StageOverrides.none().applyTo(StageConfig.forStage("dev"))).isEqualTo(StageConfig.forStage("dev"));
    }

    @Test
    void fromContext_whenNotANumber_namesKeyValueRangeAndExample() {
        assertThatThrownBy(() -> parse(context("maxConcurrency", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid CDK context (1 problem):\n- CDK context maxConcurrency='abc' is not a number: use"
                        + " concurrent router invocations, a whole number from 2 to 1000, e.g. cdk deploy -c stage=prod"
                        + " -c maxConcurrency=50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "1e3", "10d", "0x10", "", "  ", "5 s", "1,5"})
    void fromContext_whenStringIsNoPlainNumber_refusesIt(String value) {
        assertThatThrownBy(() -> parse(context("batchingWindowSeconds", value)))
                .hasMessageContaining("CDK context batchingWindowSeconds='" + value + "' is not a number")
                .hasMessageContaining("whole seconds from 0 (none: each poll invokes at once) to 300")
                .hasMessageContaining("-c batchingWindowSeconds=1");
    }

    @Test
    void fromContext_whenFractionalWhereWholeNeeded_saysSo() {
        assertThatThrownBy(() -> parse(context("batchingWindowSeconds", "0.5")))
                .hasMessageContaining("batchingWindowSeconds='0.5' is not a whole number");
        assertThatThrownBy(() -> parse(context("maxConcurrency", 2.5)))
                .hasMessageContaining("maxConcurrency=2.5 (a JSON number) is not a whole number");
    }

    @Test
    void fromContext_whenOutOfRange_namesTheRange() {
        assertThatThrownBy(() -> parse(context("maxConcurrency", "1001")))
                .hasMessageContaining("maxConcurrency='1001' is out of range: use concurrent router invocations, a"
                        + " whole number from 2 to 1000");
        assertThatThrownBy(() -> parse(context("batchingWindowSeconds", 301)))
                .hasMessageContaining("batchingWindowSeconds=301 (a JSON number) is out of range")
                .hasMessageContaining("to 300");
        assertThatThrownBy(() -> parse(context("wafRateLimit", "9")))
                .hasMessageContaining("wafRateLimit='9' is out of range: use requests per client IP per 5 minutes, a"
                        + " whole number from 10 to 2000000000");
        assertThatThrownBy(() -> parse(context("apiRateLimit", "0")))
                .hasMessageContaining("apiRateLimit='0' is out of range: use requests per second, more than 0 and at"
                        + " most 10000");
        assertThatThrownBy(() -> parse(context("apiBurstLimit", "99999999999")))
                .hasMessageContaining("apiBurstLimit='99999999999' is out of range");
        assertThatThrownBy(() -> parse(context("batchingWindowSeconds", "-1")))
                .hasMessageContaining("batchingWindowSeconds='-1' is out of range");
    }

    @Test
    void fromContext_whenScanAgeOutOfRangeOrFractional_namesTheRangeAndWhatItMeans() {
        assertThatThrownBy(() -> parse(context("maxScanAgeSeconds", "0")))
                .hasMessageContaining("maxScanAgeSeconds='0' is out of range: use whole seconds from 1 to 3600")
                .hasMessageContaining("STALE_SCAN")
                .hasMessageContaining("-c maxScanAgeSeconds=30");
        assertThatThrownBy(() -> parse(context("maxScanAgeSeconds", 3601)))
                .hasMessageContaining("maxScanAgeSeconds=3601 (a JSON number) is out of range");
        assertThatThrownBy(() -> parse(context("maxScanAgeSeconds", "1.5")))
                .hasMessageContaining("maxScanAgeSeconds='1.5' is not a whole number");
        assertThat(parse(context("maxScanAgeSeconds", 3600))
                        .applyTo(StageConfig.forStage("dev"))
                        .maxScanAge())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void fromContext_whenWrongJsonType_namesTheType() {
        assertThatThrownBy(() -> parse(context("maxConcurrency", true)))
                .hasMessageContaining("maxConcurrency=true (a JSON boolean) is not a number");
        assertThatThrownBy(() -> parse(context("topicPrefix", 5)))
                .hasMessageContaining("topicPrefix=5 (a JSON number) is not a topic prefix")
                .hasMessageContaining("-c topicPrefix=acme/doors/prod/");
        assertThatThrownBy(() -> parse(context("wafRateLimit", Map.of("prod", 5))))
                .hasMessageContaining("(a JSON object) is not a number");
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("apiRateLimit", null);
        assertThatThrownBy(() -> parse(nullValue)).hasMessageContaining("apiRateLimit=null has no value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxconcurrency", "MaxConcurrency", "max-concurrency", "MAX_CONCURRENCY", "maxConcurency"})
    void fromContext_whenKeyLooksLikeAMisspeltOverride_namesTheKeyItMeansAndAllKeys(String key) {
        assertThatThrownBy(() -> parse(context("stage", "prod", key, "50")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CDK context key '" + key + "' is not known: did you mean 'maxConcurrency'?")
                .hasMessageContaining("[apiRateLimit, apiBurstLimit, wafRateLimit, maxConcurrency,"
                        + " batchingWindowSeconds, maxScanAgeSeconds, topicPrefix]")
                .hasMessageContaining("e.g. cdk deploy -c stage=prod -c maxConcurrency=50");
    }

    @Test
    void fromContext_whenKeyLooksLikeAMisspeltAppKey_refusesItToo() {
        // -c Stage=prod would otherwise deploy dev.
        assertThatThrownBy(() -> parse(context("Stage", "prod")))
                .hasMessageContaining("CDK context key 'Stage' is not known: did you mean 'stage'?");
        assertThatThrownBy(() -> parse(context("alarm-email", "ops@example.com")))
                .hasMessageContaining("did you mean 'alarmEmail'?");
    }

    @Test
    void fromContext_whenKeysAreUnrelated_ignoresThem() {
        StageOverrides overrides = parse(context(
                "acknowledged-issue-numbers",
                List.of(32775),
                "cdk-nag-verbose",
                "true",
                "@aws-cdk/aws-lambda:recognizeLayerVersion",
                true,
                "aws:cdk:bundling-stacks",
                List.of("**"),
                "maxConcurrency",
                "3"));

        assertThat(overrides.applyTo(StageConfig.forStage("dev")).maxConcurrency())
                .isEqualTo(3);
    }

    @Test
    void fromContext_whenSeveralProblems_listsEveryOne() {
        assertThatThrownBy(() ->
                        parse(context("maxConcurrency", "abc", "batchingWindowSeconds", "999", "topicprefix", "acme/")))
                .hasMessageStartingWith("Invalid CDK context (3 problems):")
                .hasMessageContaining("maxConcurrency='abc'")
                .hasMessageContaining("batchingWindowSeconds='999'")
                .hasMessageContaining("did you mean 'topicPrefix'?");
    }

    @Test
    void applyTo_whenTheResultIsNoValidStage_namesStageValueAndFix() {
        StageOverrides rateAboveBurst = parse(context("apiRateLimit", "4000"));
        assertThatThrownBy(() -> rateAboveBurst.applyTo(StageConfig.forStage("prod")))
                .hasMessage(
                        "The API burst limit (apiBurstLimit) of stage prod is 3600: use at least the rate limit (4000)"
                                + " and at most 5000 requests; raise the burst together with the rate.");
        StageOverrides otherStagesTopics = parse(context("topicPrefix", "qr-router/prod/"));
        assertThatThrownBy(() -> otherStagesTopics.applyTo(StageConfig.forStage("stag")))
                .hasMessageContaining("The topic prefix (topicPrefix) of stage stag is 'qr-router/prod/'")
                .hasMessageContaining("apart from stage prod's topics qr-router/prod/");
        StageOverrides badPrefix = parse(context("topicPrefix", "acme/#/"));
        assertThatThrownBy(() -> badPrefix.applyTo(StageConfig.forStage("dev")))
                .hasMessageContaining("'#' (an MQTT wildcard)");
    }

    @Test
    void describeAgainst_whenOverridden_showsNewAndDefaultValues() {
        StageConfig prod = StageConfig.forStage("prod");
        StageOverrides overrides = parse(context(
                "batchingWindowSeconds", "2", "maxConcurrency", 50, "apiRateLimit", "150", "apiBurstLimit", "300"));

        assertThat(overrides.describeAgainst(prod))
                .isEqualTo("apiRateLimit=150 (default 1800), apiBurstLimit=300 (default 3600), maxConcurrency=50"
                        + " (default 12), batchingWindowSeconds=2 (default 0)");
        assertThat(StageOverrides.none().describeAgainst(prod)).isEmpty();
    }
}
