package com.qrrouter.router.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.local.runtime.SqsRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuPerScanTest {

    @Test
    void batches_whenBuilt_holdUniqueScansAndMessageIds() {
        List<List<SqsRecord>> batches = CpuPerScan.batches("run1", 3, 10);

        List<SqsRecord> records = batches.stream().flatMap(List::stream).toList();
        assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(10));
        assertThat(records.stream().map(SqsRecord::messageId).distinct()).hasSize(30);
        assertThat(records.stream().map(SqsRecord::body).distinct()).hasSize(30);
    }
}
