package com.qrrouter.router.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuPerScanTest {

    @Test
    void batches_whenBuilt_holdUniqueScansAndMessageIds() {
        List<SQSEvent> batches = CpuPerScan.batches("run1", 3, 10);

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
