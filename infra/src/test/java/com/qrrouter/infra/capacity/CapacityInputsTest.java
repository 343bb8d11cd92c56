package com.qrrouter.infra.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.settings.PipelineSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityInputsTest {

    @Test
    void builder_whenOnlyTheTargetIsGiven_takesTheRoutersOwnSettings() {
        CapacityInputs in = CapacityInputs.builder(500).build();
        assertThat(in.batchSize()).isEqualTo(PipelineSettings.BATCH_SIZE);
        assertThat(in.recordConcurrency()).isEqualTo(PipelineSettings.RECORD_CONCURRENCY);
        assertThat(in.routeCacheTtlSeconds()).isEqualTo(PipelineSettings.ROUTE_CACHE_TTL.toSeconds());
        assertThat(in.functionMemoryMb()).isEqualTo(PipelineSettings.FUNCTION_MEMORY_MB);
        assertThat(in.recordsPerInvocation()).isEqualTo(in.batchSize());
        assertThat(in.peakScansPerSecond()).isEqualTo(1_500);
    }

    @Test
    void constructor_whenSeveralInputsAreWrong_listsEveryProblemWithWhatIsAllowed() {
        assertThatThrownBy(() -> CapacityInputs.builder(-5)
                        .unroutedFraction(1.5)
                        .messageBytes(20_000)
                        .deviceTopics(0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scans per second (--scans-per-second) is -5: it must be more than 0")
                .hasMessageContaining(
                        "unrouted fraction (--unrouted-fraction) is 1.5: it must be at least 0 and at most 1")
                .hasMessageContaining("message bytes (--message-bytes) is 20000: it must be 1 to 16384")
                .hasMessageContaining("device topics (--device-topics) is 0: it must be at least 1");
    }

    @Test
    void constructor_whenRecordsPerInvocationExceedTheBatch_refusesIt() {
        assertThatThrownBy(() ->
                        CapacityInputs.builder(10).recordsPerInvocation(11).build())
                .hasMessageContaining("records per invocation (--records-per-invocation) is 11")
                .hasMessageContaining("from 1 to the batch size");
    }

    @Test
    void constructor_whenBatchIsLargerThanAQueueWithoutWindowDelivers_refusesIt() {
        assertThatThrownBy(() -> CapacityInputs.builder(10).batchSize(11).build())
                .hasMessageContaining("batch size (--batch-size) is 11: it must be 1 to 10");
    }

    @Test
    void constructor_whenALatencyIsNotANumber_refusesIt() {
        assertThatThrownBy(() -> CapacityInputs.builder(10)
                        .latencies(Double.NaN, 8, 25, 15)
                        .build())
                .hasMessageContaining("DynamoDB write latency (--dynamodb-write-ms) is NaN");
    }

    @Test
    void constructor_whenAccountShareIsZero_refusesIt() {
        assertThatThrownBy(() -> CapacityInputs.builder(10).accountShare(0).build())
                .hasMessageContaining("account share (--account-share) is 0: it must be more than 0");
    }

    @Test
    void price_whenTiered_walksTheTiersInOrder() {
        Price price = new Price(
                "x",
                "unit",
                List.of(new Price.Tier(100, 2), new Price.Tier(Double.POSITIVE_INFINITY, 1)),
                "s",
                "a",
                Price.Confirmation.CONFIRMED);
        // 100 × 2 + 50 × 1 = 250
        assertThat(price.monthlyUsd(150)).isEqualTo(250);
        assertThat(price.monthlyUsd(0)).isZero();
        assertThatThrownBy(() -> price.monthlyUsd(-1)).hasMessageContaining("must be finite and not negative");
    }

    @Test
    void price_whenTiersAreNotAscendingOrUnbounded_isRefused() {
        assertThatThrownBy(() ->
                        new Price("x", "u", List.of(new Price.Tier(100, 1)), "s", "a", Price.Confirmation.CONFIRMED))
                .hasMessageContaining("last one has no upper bound");
        assertThatThrownBy(() -> new Price(
                        "x",
                        "u",
                        List.of(
                                new Price.Tier(100, 1),
                                new Price.Tier(50, 1),
                                new Price.Tier(Double.POSITIVE_INFINITY, 1)),
                        "s",
                        "a",
                        Price.Confirmation.CONFIRMED))
                .hasMessageContaining("ascending order");
    }

    @Test
    void defaults_whenRead_carrySourcesAndDatesForEveryQuotaAndPrice() {
        AwsQuotas quotas = AwsQuotas.defaults();
        for (Quota quota : List.of(
                quotas.apiAccountRate(),
                quotas.lambdaAccountConcurrency(),
                quotas.eventSourceScaleUpPerMinute(),
                quotas.dynamoDbPartitionWrites(),
                quotas.iotPublishesPerConnection())) {
            assertThat(quota.source()).startsWith("https://");
            assertThat(quota.asOf()).isNotBlank();
        }
        assertThat(quotas.iotPublishesPerConnection().adjustable()).isFalse();
        assertThat(quotas.apiAccountRate().adjustable()).isTrue();
        for (Price price : AwsPrices.usEast1().all()) {
            assertThat(price.source()).startsWith("https://aws.amazon.com/");
            assertThat(price.asOf()).isNotBlank();
        }
    }
}
