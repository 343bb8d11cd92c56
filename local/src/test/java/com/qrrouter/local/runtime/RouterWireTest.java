package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterWireTest {

    @Test
    void readBatch_whenWritten_returnsEveryFieldUnchanged() throws Exception {
        SqsRecord record = new SqsRecord(
                "id-1",
                "receipt",
                "{\"QRCode\":\"vwWT)Np=+6-vGzTiopED\",\"TEST\":\"ünïcødé ✓\"}",
                "md5",
                null,
                "arn:aws:sqs:eu-west-1:000000000000:q",
                "eu-west-1",
                Map.of("ApproximateReceiveCount", "3"),
                Map.of("CorrelationId", new SqsRecord.Attribute("String", "req-1")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouterWire.writeBatch(new DataOutputStream(bytes), "invocation-1", 1_764_000_000_000L, List.of(record, record));
        RouterWire.Batch batch =
                RouterWire.readBatch(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(batch.requestId()).isEqualTo("invocation-1");
        assertThat(batch.deadlineEpochMillis()).isEqualTo(1_764_000_000_000L);
        assertThat(batch.records()).containsExactly(record, record);
        assertThat(batch.records().get(0).md5OfMessageAttributes()).isNull();
    }

    @Test
    void writeResult_whenRead_listsTheFailedIds() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouterWire.writeResult(new DataOutputStream(bytes), List.of("a", "b"));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(in.readInt()).isEqualTo(RouterWire.OK);
        assertThat(in.readInt()).isEqualTo(2);
        assertThat(RouterWire.readString(in)).isEqualTo("a");
        assertThat(RouterWire.readString(in)).isEqualTo("b");
    }

    @Test
    void toString_whenPrinted_leavesOutTheBody() {
        SqsRecord record = new SqsRecord(
                "id-1", "r", "{\"QRCode\":\"secret-code\"}", null, null, "arn", "eu-west-1", Map.of(), Map.of());

        assertThat(record.toString()).contains("id-1").doesNotContain("secret-code");
    }
}
