package com.qrrouter.router.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.local.runtime.JvmUsage;
import com.qrrouter.local.runtime.JvmUsage.ThreadCpu;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuFiguresTest {

    @Test
    void between_whenTheJvmReportedItsUsageAroundTheBatches_readsEveryFigure() {
        JvmUsage before = new JvmUsage(
                Instant.ofEpochMilli(1_000),
                5_000_000_000L,
                1_000_000_000L,
                10,
                20,
                60_000_000L,
                List.of(
                        new ThreadCpu(1, "main", 400_000_000L),
                        new ThreadCpu(20, "router-record-0", 300_000_000L),
                        new ThreadCpu(21, "sdk-ScheduledExecutor-0-3", 10_000_000L),
                        new ThreadCpu(22, "Keep-Alive-Timer", 5_000_000L)));
        JvmUsage after = new JvmUsage(
                Instant.ofEpochMilli(91_000),
                95_000_000_000L,
                4_000_000_000L,
                74,
                147,
                100_000_000L,
                List.of(
                        new ThreadCpu(1, "main", 500_000_000L),
                        new ThreadCpu(20, "router-record-0", 1_800_000_000L),
                        new ThreadCpu(23, "router-record-1", 1_000_000_000L),
                        new ThreadCpu(21, "sdk-ScheduledExecutor-0-3", 160_000_000L),
                        new ThreadCpu(22, "Keep-Alive-Timer", 55_000_000L)));

        CpuFigures figures = CpuFigures.between(before, after, 2000);

        assertThat(figures)
                .isEqualTo(new CpuFigures(
                        2000,
                        3_000_000_000L,
                        200_000_000L,
                        100_000_000L,
                        2_500_000_000L,
                        150_000_000L,
                        50_000_000L,
                        64,
                        127,
                        40_000_000L,
                        90_000_000_000L,
                        Instant.ofEpochMilli(1_000),
                        Instant.ofEpochMilli(91_000)));
        assertThat(figures.millisPerRecord()).isEqualTo(1.5);
        assertThat(figures.millisPerRecord(figures.recordsNanos())).isEqualTo(1.25);
        assertThat(figures.bytesPerRecord()).isEqualTo(20_000);
    }

    @Test
    void group_whenAThreadIsNamed_putsItInItsGroup() {
        assertThat(CpuFigures.group("main")).isEqualTo(CpuFigures.HANDLER);
        assertThat(CpuFigures.group("router-record-7")).isEqualTo(CpuFigures.RECORDS);
        assertThat(CpuFigures.group("sdk-ScheduledExecutor-0-3")).isEqualTo(CpuFigures.SDK_TIMERS);
        assertThat(CpuFigures.group("sdk-timeouts-1")).isEqualTo(CpuFigures.SDK_TIMERS);
        assertThat(CpuFigures.group("Keep-Alive-Timer")).isEqualTo(CpuFigures.OTHER);
    }
}
