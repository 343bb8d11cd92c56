package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterWireTest {

    @Test
    void readRequest_whenABatchWasWritten_returnsEveryFieldUnchanged() throws Exception {
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
        RouterWire.Request request =
                RouterWire.readRequest(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(request).isInstanceOf(RouterWire.Batch.class);
        RouterWire.Batch batch = (RouterWire.Batch) request;

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
    void readRequest_whenUsageWasAskedFor_saysWhetherToCollectGarbageFirst() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouterWire.writeUsageRequest(new DataOutputStream(bytes), true);
        RouterWire.writeUsageRequest(new DataOutputStream(bytes), false);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(RouterWire.readRequest(in)).isEqualTo(new RouterWire.UsageRequest(true));
        assertThat(RouterWire.readRequest(in)).isEqualTo(new RouterWire.UsageRequest(false));
    }

    @Test
    void readUsage_whenWritten_returnsEveryFigureUnchanged() throws Exception {
        JvmUsage usage = new JvmUsage(
                Instant.ofEpochMilli(1_764_000_000_123L),
                42_000_000_000L,
                3_000_000_000L,
                64,
                127,
                40_000_000L,
                List.of(new JvmUsage.ThreadCpu(1, "main", 100), new JvmUsage.ThreadCpu(23, "router-record-0", 2_500)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouterWire.writeUsage(new DataOutputStream(bytes), usage);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(in.readInt()).isEqualTo(RouterWire.USAGE);
        assertThat(RouterWire.readUsage(in)).isEqualTo(usage);
    }

    @Test
    void writeReady_whenRead_carriesTheHandlersInitTime() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouterWire.writeReady(new DataOutputStream(bytes), 1_234_567_890L);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(in.readInt()).isEqualTo(RouterWire.READY);
        assertThat(in.readLong()).isEqualTo(1_234_567_890L);
    }

    @Test
    void toString_whenPrinted_leavesOutTheBody() {
        SqsRecord record = new SqsRecord(
                "id-1", "r", "{\"QRCode\":\"secret-code\"}", null, null, "arn", "eu-west-1", Map.of(), Map.of());

        assertThat(record.toString()).contains("id-1").doesNotContain("secret-code");
    }
}
