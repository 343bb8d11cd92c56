package com.qrrouter.router.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuRunnerTest {

    @Test
    void parse_whenTheChildPrintedItsResultAmongLogLines_readsEveryFigure() {
        CpuRunner.Result result = new CpuRunner.Result(
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
                Instant.ofEpochMilli(91_000));
        String output = "{\"level\":\"INFO\",\"message\":\"Batch done\"}\n" + result.format() + "\n";

        CpuRunner.Result parsed = CpuRunner.Result.parse(output);

        assertThat(parsed).isEqualTo(result);
        assertThat(parsed.millisPerRecord()).isEqualTo(1.5);
        assertThat(parsed.millisPerRecord(parsed.recordsNanos())).isEqualTo(1.25);
        assertThat(parsed.bytesPerRecord()).isEqualTo(20_000);
    }

    @Test
    void parse_whenTheChildDidNotFinish_saysSoWithItsOutput() {
        assertThatThrownBy(() -> CpuRunner.Result.parse("Exception in thread main"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish")
                .hasMessageContaining("Exception in thread main");
    }

    @Test
    void group_whenAThreadIsNamed_putsItInItsGroup() {
        assertThat(CpuRunner.group("main")).isEqualTo(CpuRunner.HANDLER);
        assertThat(CpuRunner.group("router-record-7")).isEqualTo(CpuRunner.RECORDS);
        assertThat(CpuRunner.group("sdk-ScheduledExecutor-0-3")).isEqualTo(CpuRunner.SDK_TIMERS);
        assertThat(CpuRunner.group("sdk-timeouts-1")).isEqualTo(CpuRunner.SDK_TIMERS);
        assertThat(CpuRunner.group("Keep-Alive-Timer")).isEqualTo(CpuRunner.OTHER);
    }

    @Test
    void batches_whenBuilt_holdUniqueScansAndMessageIds() {
        List<SQSEvent> batches = CpuRunner.batches("run1", 3, 10);

        List<SQSEvent.SQSMessage> records =
                batches.stream().flatMap(b -> b.getRecords().stream()).toList();
        assertThat(batches)
                .hasSize(3)
                .allSatisfy(b -> assertThat(b.getRecords()).hasSize(10));
        assertThat(records.stream().map(SQSEvent.SQSMessage::getMessageId).distinct())
                .hasSize(30);
        assertThat(records.stream().map(SQSEvent.SQSMessage::getBody).distinct())
                .hasSize(30);
    }
}
