package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentile_whenHundredValues_isTheNearestRank() {
        long[] sorted = LongStream.rangeClosed(1, 100).toArray();

        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Latencies.percentile(sorted, 95)).isEqualTo(95);
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
        assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
    }

    @Test
    void percentile_whenFewValues_roundsTheRankUp() {
        long[] sorted = {10, 20, 30};

        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(20);
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(30);
        assertThat(Latencies.percentile(sorted, 1)).isEqualTo(10);
    }

    @Test
    void percentile_whenNoValues_isZero() {
        assertThat(Latencies.percentile(new long[0], 99)).isZero();
    }

    @Test
    void percentile_whenOutOfRange_saysWhatIsAllowed() {
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 100]");
    }

    @Test
    void summary_whenAddedOutOfOrderAndBeyondTheFirstArray_sortsAll() {
        Latencies latencies = new Latencies();
        for (long i = 2000; i >= 1; i--) {
            latencies.add(i * 1_000_000);
        }

        Latencies.Summary summary = latencies.summary();

        assertThat(summary.count()).isEqualTo(2000);
        assertThat(summary.p50()).isEqualTo(1000 * 1_000_000L);
        assertThat(summary.p95()).isEqualTo(1900 * 1_000_000L);
        assertThat(summary.p99()).isEqualTo(1980 * 1_000_000L);
        assertThat(summary.max()).isEqualTo(2000 * 1_000_000L);
        assertThat(Latencies.Summary.millis(summary.p99())).isEqualTo(1980.0);
    }

    @Test
    void add_whenNegative_isRefused() {
        assertThatThrownBy(() -> new Latencies().add(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
