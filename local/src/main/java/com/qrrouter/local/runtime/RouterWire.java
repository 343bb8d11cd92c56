package com.qrrouter.local.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames exchanged over a loopback socket between {@link RouterJvm} (the launcher's side) and {@link LambdaRuntime}
 * in the router's JVM. JDK types only, so the runtime needs nothing on its class path but the router jar.
 *
 * <ul>
 *   <li>runtime → launcher, once: {@code READY} + how long the handler's construction took (ns), or {@code INIT_ERROR}
 *       + message;
 *   <li>launcher → runtime, per batch: {@code INVOKE}, request id, the invocation's deadline (epoch ms: both share the
 *       machine's clock, so the handler's remaining time counts down from the invocation's start), the records;
 *       answered by {@code OK} + the ids of the failed records, or {@code ERROR} + message;
 *   <li>launcher → runtime, for measurements: {@code REPORT_USAGE} + whether to collect garbage first; answered by
 *       {@code USAGE} + the JVM's own CPU, GC and allocation figures ({@link JvmUsage}).
 * </ul>
 */
public final class RouterWire {

    public static final int READY = 1;
    public static final int INIT_ERROR = 2;
    public static final int OK = 3;
    public static final int ERROR = 4;
    public static final int USAGE = 5;

    public static final int INVOKE = 10;
    public static final int REPORT_USAGE = 11;

    private RouterWire() {}

    public static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    public static void writeBatch(
            DataOutputStream out, String requestId, long deadlineEpochMillis, List<SqsRecord> records)
            throws IOException {
        out.writeInt(INVOKE);
        writeString(out, requestId);
        out.writeLong(deadlineEpochMillis);
        out.writeInt(records.size());
        for (SqsRecord record : records) {
            writeString(out, record.messageId());
            writeString(out, record.receiptHandle());
            writeString(out, record.body());
            writeString(out, record.md5OfBody());
            writeString(out, record.md5OfMessageAttributes());
            writeString(out, record.eventSourceArn());
            writeString(out, record.awsRegion());
            out.writeInt(record.attributes().size());
            for (Map.Entry<String, String> attribute : record.attributes().entrySet()) {
                writeString(out, attribute.getKey());
                writeString(out, attribute.getValue());
            }
            out.writeInt(record.messageAttributes().size());
            for (Map.Entry<String, SqsRecord.Attribute> attribute :
                    record.messageAttributes().entrySet()) {
                writeString(out, attribute.getKey());
                writeString(out, attribute.getValue().dataType());
                writeString(out, attribute.getValue().stringValue());
            }
        }
        out.flush();
    }

    /** What the launcher asks of the runtime. */
    public sealed interface Request permits Batch, UsageRequest {}

    /** A batch to invoke the handler with. */
    public record Batch(String requestId, long deadlineEpochMillis, List<SqsRecord> records) implements Request {}

    /** A request for the JVM's usage figures, after a garbage collection if asked. */
    public record UsageRequest(boolean collectGarbageFirst) implements Request {}

    public static void writeUsageRequest(DataOutputStream out, boolean collectGarbageFirst) throws IOException {
        out.writeInt(REPORT_USAGE);
        out.writeBoolean(collectGarbageFirst);
        out.flush();
    }

    /** The next request, as read by the runtime. */
    public static Request readRequest(DataInputStream in) throws IOException {
        int kind = in.readInt();
        return switch (kind) {
            case INVOKE -> readBatch(in);
            case REPORT_USAGE -> new UsageRequest(in.readBoolean());
            default -> throw new IOException("Unknown request kind " + kind);
        };
    }

    private static Batch readBatch(DataInputStream in) throws IOException {
        String requestId = readString(in);
        long deadline = in.readLong();
        int count = in.readInt();
        List<SqsRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String messageId = readString(in);
            String receiptHandle = readString(in);
            String body = readString(in);
            String md5OfBody = readString(in);
            String md5OfMessageAttributes = readString(in);
            String arn = readString(in);
            String region = readString(in);
            Map<String, String> attributes = new LinkedHashMap<>();
            int attributeCount = in.readInt();
            for (int j = 0; j < attributeCount; j++) {
                attributes.put(readString(in), readString(in));
            }
            Map<String, SqsRecord.Attribute> messageAttributes = new LinkedHashMap<>();
            int messageAttributeCount = in.readInt();
            for (int j = 0; j < messageAttributeCount; j++) {
                String name = readString(in);
                messageAttributes.put(name, new SqsRecord.Attribute(readString(in), readString(in)));
            }
            records.add(new SqsRecord(
                    messageId,
                    receiptHandle,
                    body,
                    md5OfBody,
                    md5OfMessageAttributes,
                    arn,
                    region,
                    attributes,
                    messageAttributes));
        }
        return new Batch(requestId, deadline, records);
    }

    public static void writeReady(DataOutputStream out, long initNanos) throws IOException {
        out.writeInt(READY);
        out.writeLong(initNanos);
        out.flush();
    }

    public static void writeUsage(DataOutputStream out, JvmUsage usage) throws IOException {
        out.writeInt(USAGE);
        out.writeLong(usage.at().toEpochMilli());
        out.writeLong(usage.nanoTime());
        out.writeLong(usage.processCpuNanos());
        out.writeLong(usage.gcCount());
        out.writeLong(usage.gcMillis());
        out.writeLong(usage.allocatedBytes());
        out.writeInt(usage.threads().size());
        for (JvmUsage.ThreadCpu thread : usage.threads()) {
            out.writeLong(thread.id());
            writeString(out, thread.name());
            out.writeLong(thread.cpuNanos());
        }
        out.flush();
    }

    /** The figures of a {@code USAGE} frame, its kind already read. */
    public static JvmUsage readUsage(DataInputStream in) throws IOException {
        Instant at = Instant.ofEpochMilli(in.readLong());
        long nanoTime = in.readLong();
        long processCpuNanos = in.readLong();
        long gcCount = in.readLong();
        long gcMillis = in.readLong();
        long allocatedBytes = in.readLong();
        int count = in.readInt();
        List<JvmUsage.ThreadCpu> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            threads.add(new JvmUsage.ThreadCpu(in.readLong(), readString(in), in.readLong()));
        }
        return new JvmUsage(at, nanoTime, processCpuNanos, gcCount, gcMillis, allocatedBytes, threads);
    }

    public static void writeResult(DataOutputStream out, List<String> failedIds) throws IOException {
        out.writeInt(OK);
        out.writeInt(failedIds.size());
        for (String id : failedIds) {
            writeString(out, id);
        }
        out.flush();
    }

    public static void writeError(DataOutputStream out, int kind, String message) throws IOException {
        out.writeInt(kind);
        writeString(out, message);
        out.flush();
    }
}
