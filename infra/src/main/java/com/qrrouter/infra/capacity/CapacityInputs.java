package com.qrrouter.infra.capacity;

import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.settings.PipelineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the capacity model is asked about: a target rate of scans and the assumptions behind it. Build with
 * {@link #builder(double)}; every other input has a documented default (the builder's). Invalid inputs are refused
 * with one message that lists every problem and what is allowed.
 *
 * <p>Where a default comes from: the router's own settings come from {@link PipelineSettings} (batch size, record
 * concurrency, route cache TTL, memory). The per-batch CPU terms are fitted to the router benchmark
 * (docs/performance.md). The AWS call latencies are <b>assumptions</b>, not measurements: DynamoDB documents
 * "single-digit millisecond" latency, so 8 ms per read and 10 ms per write stand for a p99-ish value of a call from
 * Lambda in the same Region; IoT Core documents no latency for the HTTPS publish, 25 ms is our assumption for a TLS
 * request to the data endpoint from Lambda with a reused connection; 15 ms for an SQS SendMessage likewise. Replace them
 * with the X-Ray or CloudWatch p99 of a deployed stage.
 *
 * @param scansPerSecond the target: average scans per second over busy hours
 * @param peakToAverage peak rate ÷ average rate (capacity is checked at the peak), default 3
 * @param headroom how much larger than the peak need a quota must be to count as OK, default 1.5
 * @param sourceIps distinct source IP addresses the scans are posted from, evenly (WAF's rate rule is per IP), default
 *     20
 * @param deviceTopics distinct ClientIDs, each routed to its own topic, the scans spread evenly over them, default 1000
 * @param subscribersPerTopic MQTT connections subscribed to each device topic, default 1
 * @param messageBytes size of a QR message body, default 256 (the seed sample is 164), at most the schema's bound
 * @param unroutedFraction fraction of scans parked in the DLQ (unknown client, schema violation), default 0.01
 * @param dynamoDbWriteMillis assumed latency of a DynamoDB write (claim, complete, release), default 10
 * @param dynamoDbReadMillis assumed latency of a strongly consistent route read, default 8
 * @param iotPublishMillis assumed latency of an IoT Core HTTPS publish (QoS 1), default 25
 * @param sqsSendMillis assumed latency of the DLQ SendMessage of a parked record, default 15
 * @param batchSize event source batch size, default {@link PipelineSettings#BATCH_SIZE}
 * @param recordConcurrency records of a batch in flight at once, default {@link PipelineSettings#RECORD_CONCURRENCY}
 * @param recordsPerInvocation records an invocation carries at the peak, default the batch size (under load the
 *     pollers find a backlog and fill batches; see docs/performance.md)
 * @param routeCacheTtlSeconds route cache TTL, default {@link PipelineSettings#ROUTE_CACHE_TTL}
 * @param functionMemoryMb router memory, default {@link PipelineSettings#FUNCTION_MEMORY_MB}
 * @param batchOverheadMillis CPU time per invocation besides the records (fitted to the benchmark), default 6
 * @param perRecordCpuMillis CPU time per record (fitted to the benchmark), default 1.1
 * @param accountShare part of the account-wide quotas (API Gateway, Lambda, IoT Core) this stage may use, default 1
 * @param newTables whether the DynamoDB tables are new (a fresh stage): then their initial on-demand throughput
 *     binds, default true
 * @param recordLogBytes CloudWatch Logs bytes of the router's line per record, default 800 (472 measured in the
 *     benchmark log plus the Lambda context fields that are null outside Lambda)
 * @param invocationLogBytes CloudWatch Logs bytes per invocation: the "Batch done" line, the EMF metrics document, the
 *     START/END/REPORT lines, default 2000 (estimate)
 * @param accessLogBytes API Gateway access log bytes per request, default 600 (estimate from the format)
 * @param wafLogBytes WAF log bytes per request (every request is logged), default 1500 (estimate)
 * @param wafRules WAF rules and rule groups of the web ACL, default 5 (ApiFirewall)
 * @param customMetrics EMF metric series the router publishes in a month, default 10
 * @param alarms CloudWatch alarms of the stage, default 5
 * @param dashboards CloudWatch dashboards of the stage, default 1
 * @param kmsRequestsPerFiveMinutes KMS requests per data key reuse period of 5 minutes (SQS producers and consumers,
 *     DynamoDB table keys), default 6 (estimate)
 * @param idleReceivesPerMinute empty long-poll receives of the event source per minute, default 15 (5 pollers × one 20 s
 *     poll each)
 * @param quotas the quotas checked
 * @param prices the prices the cost is computed from
 */
public record CapacityInputs(
        double scansPerSecond,
        double peakToAverage,
        double headroom,
        int sourceIps,
        int deviceTopics,
        int subscribersPerTopic,
        int messageBytes,
        double unroutedFraction,
        double dynamoDbWriteMillis,
        double dynamoDbReadMillis,
        double iotPublishMillis,
        double sqsSendMillis,
        int batchSize,
        int recordConcurrency,
        double recordsPerInvocation,
        int routeCacheTtlSeconds,
        int functionMemoryMb,
        double batchOverheadMillis,
        double perRecordCpuMillis,
        double accountShare,
        boolean newTables,
        int recordLogBytes,
        int invocationLogBytes,
        int accessLogBytes,
        int wafLogBytes,
        int wafRules,
        int customMetrics,
        int alarms,
        int dashboards,
        double kmsRequestsPerFiveMinutes,
        double idleReceivesPerMinute,
        AwsQuotas quotas,
        AwsPrices prices) {

    /** Largest target the model accepts: far above anything one account's default quotas carry. */
    public static final double MAX_SCANS_PER_SECOND = 1_000_000;

    /** Longest an AWS call may take in the model: the router's SDK call timeout. */
    public static final double MAX_CALL_MILLIS = 8_000;

    /** Largest batch of an SQS event source without a batching window (decision 0209). */
    public static final int MAX_BATCH_SIZE = 10;

    public CapacityInputs {
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(prices, "prices");
        List<String> problems = new ArrayList<>();
        range(
                problems,
                "scans per second (--scans-per-second)",
                scansPerSecond,
                0,
                false,
                MAX_SCANS_PER_SECOND,
                "e.g. 500");
        range(problems, "peak-to-average ratio (--peak-to-average)", peakToAverage, 1, true, 100, "e.g. 3");
        range(problems, "headroom (--headroom)", headroom, 1, true, 10, "e.g. 1.5 for quotas 50 % above the peak need");
        atLeast(problems, "source IPs (--source-ips)", sourceIps, 1);
        atLeast(problems, "device topics (--device-topics)", deviceTopics, 1);
        between(problems, "subscribers per topic (--subscribers-per-topic)", subscribersPerTopic, 1, 1_000);
        between(problems, "message bytes (--message-bytes)", messageBytes, 1, QrMessageSchema.MAX_MESSAGE_BYTES);
        range(problems, "unrouted fraction (--unrouted-fraction)", unroutedFraction, 0, true, 1, "e.g. 0.01");
        range(
                problems,
                "DynamoDB write latency (--dynamodb-write-ms)",
                dynamoDbWriteMillis,
                0,
                false,
                MAX_CALL_MILLIS,
                "e.g. 10");
        range(
                problems,
                "DynamoDB read latency (--dynamodb-read-ms)",
                dynamoDbReadMillis,
                0,
                false,
                MAX_CALL_MILLIS,
                "e.g. 8");
        range(
                problems,
                "IoT publish latency (--iot-publish-ms)",
                iotPublishMillis,
                0,
                false,
                MAX_CALL_MILLIS,
                "e.g. 25");
        range(problems, "SQS send latency (--sqs-send-ms)", sqsSendMillis, 0, false, MAX_CALL_MILLIS, "e.g. 15");
        between(problems, "batch size (--batch-size)", batchSize, 1, MAX_BATCH_SIZE);
        between(problems, "record concurrency (--record-concurrency)", recordConcurrency, 1, 100);
        range(
                problems,
                "records per invocation (--records-per-invocation)",
                recordsPerInvocation,
                1,
                true,
                Math.max(1, batchSize),
                "from 1 to the batch size");
        between(problems, "route cache TTL seconds (--route-cache-ttl)", routeCacheTtlSeconds, 0, 3_600);
        between(problems, "function memory MB (--memory-mb)", functionMemoryMb, 128, 10_240);
        range(problems, "batch overhead ms", batchOverheadMillis, 0, true, 10_000, "e.g. 6");
        range(problems, "per-record CPU ms", perRecordCpuMillis, 0, true, 10_000, "e.g. 1.1");
        range(
                problems,
                "account share (--account-share)",
                accountShare,
                0,
                false,
                1,
                "e.g. 0.5 if other workloads share the account");
        atLeast(problems, "record log bytes", recordLogBytes, 0);
        atLeast(problems, "invocation log bytes", invocationLogBytes, 0);
        atLeast(problems, "access log bytes", accessLogBytes, 0);
        atLeast(problems, "WAF log bytes", wafLogBytes, 0);
        atLeast(problems, "WAF rules", wafRules, 0);
        atLeast(problems, "custom metrics", customMetrics, 0);
        atLeast(problems, "alarms", alarms, 0);
        atLeast(problems, "dashboards", dashboards, 0);
        range(problems, "KMS requests per 5 minutes", kmsRequestsPerFiveMinutes, 0, true, 1_000_000, "e.g. 6");
        range(problems, "idle receives per minute", idleReceivesPerMinute, 0, true, 1_000_000, "e.g. 15");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "The capacity model cannot run with these inputs:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** A builder for the target {@code scansPerSecond}, every other input at its default. */
    public static Builder builder(double scansPerSecond) {
        return new Builder(scansPerSecond);
    }

    /** A builder holding this record's values, to change a few of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The peak rate the stack must carry: {@code scansPerSecond × peakToAverage}. */
    public double peakScansPerSecond() {
        return scansPerSecond * peakToAverage;
    }

    private static void range(
            List<String> problems,
            String name,
            double value,
            double min,
            boolean minIncluded,
            double max,
            String example) {
        boolean ok = Double.isFinite(value) && (minIncluded ? value >= min : value > min) && value <= max;
        if (!ok) {
            problems.add(String.format(
                    Locale.ROOT,
                    "%s is %s: it must be %s %s and at most %s (%s)",
                    name,
                    format(value),
                    minIncluded ? "at least" : "more than",
                    format(min),
                    format(max),
                    example));
        }
    }

    private static void between(List<String> problems, String name, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(String.format(Locale.ROOT, "%s is %d: it must be %d to %d", name, value, min, max));
        }
    }

    private static void atLeast(List<String> problems, String name, int value, int min) {
        if (value < min) {
            problems.add(String.format(Locale.ROOT, "%s is %d: it must be at least %d", name, value, min));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.valueOf(value);
    }

    /** Builds {@link CapacityInputs}; holds the defaults. */
    public static final class Builder {
        private double scansPerSecond;
        private double peakToAverage = 3;
        private double headroom = 1.5;
        private int sourceIps = 20;
        private int deviceTopics = 1_000;
        private int subscribersPerTopic = 1;
        private int messageBytes = 256;
        private double unroutedFraction = 0.01;
        private double dynamoDbWriteMillis = 10;
        private double dynamoDbReadMillis = 8;
        private double iotPublishMillis = 25;
        private double sqsSendMillis = 15;
        private int batchSize = PipelineSettings.BATCH_SIZE;
        private int recordConcurrency = PipelineSettings.RECORD_CONCURRENCY;
        private Double recordsPerInvocation;
        private int routeCacheTtlSeconds = (int) PipelineSettings.ROUTE_CACHE_TTL.toSeconds();
        private int functionMemoryMb = PipelineSettings.FUNCTION_MEMORY_MB;
        private double batchOverheadMillis = 6;
        private double perRecordCpuMillis = 1.1;
        private double accountShare = 1;
        private boolean newTables = true;
        private int recordLogBytes = 800;
        private int invocationLogBytes = 2_000;
        private int accessLogBytes = 600;
        private int wafLogBytes = 1_500;
        private int wafRules = 5;
        private int customMetrics = 10;
        private int alarms = 5;
        private int dashboards = 1;
        private double kmsRequestsPerFiveMinutes = 6;
        private double idleReceivesPerMinute = 15;
        private AwsQuotas quotas = AwsQuotas.defaults();
        private AwsPrices prices = AwsPrices.usEast1();

        private Builder(double scansPerSecond) {
            this.scansPerSecond = scansPerSecond;
        }

        private Builder(CapacityInputs in) {
            scansPerSecond = in.scansPerSecond;
            peakToAverage = in.peakToAverage;
            headroom = in.headroom;
            sourceIps = in.sourceIps;
            deviceTopics = in.deviceTopics;
            subscribersPerTopic = in.subscribersPerTopic;
            messageBytes = in.messageBytes;
            unroutedFraction = in.unroutedFraction;
            dynamoDbWriteMillis = in.dynamoDbWriteMillis;
            dynamoDbReadMillis = in.dynamoDbReadMillis;
            iotPublishMillis = in.iotPublishMillis;
            sqsSendMillis = in.sqsSendMillis;
            batchSize = in.batchSize;
            recordConcurrency = in.recordConcurrency;
            recordsPerInvocation = in.recordsPerInvocation;
            routeCacheTtlSeconds = in.routeCacheTtlSeconds;
            functionMemoryMb = in.functionMemoryMb;
            batchOverheadMillis = in.batchOverheadMillis;
            perRecordCpuMillis = in.perRecordCpuMillis;
            accountShare = in.accountShare;
            newTables = in.newTables;
            recordLogBytes = in.recordLogBytes;
            invocationLogBytes = in.invocationLogBytes;
            accessLogBytes = in.accessLogBytes;
            wafLogBytes = in.wafLogBytes;
            wafRules = in.wafRules;
            customMetrics = in.customMetrics;
            alarms = in.alarms;
            dashboards = in.dashboards;
            kmsRequestsPerFiveMinutes = in.kmsRequestsPerFiveMinutes;
            idleReceivesPerMinute = in.idleReceivesPerMinute;
            quotas = in.quotas;
            prices = in.prices;
        }

        public Builder scansPerSecond(double value) {
            scansPerSecond = value;
            return this;
        }

        public Builder peakToAverage(double value) {
            peakToAverage = value;
            return this;
        }

        public Builder headroom(double value) {
            headroom = value;
            return this;
        }

        public Builder sourceIps(int value) {
            sourceIps = value;
            return this;
        }

        public Builder deviceTopics(int value) {
            deviceTopics = value;
            return this;
        }

        public Builder subscribersPerTopic(int value) {
            subscribersPerTopic = value;
            return this;
        }

        public Builder messageBytes(int value) {
            messageBytes = value;
            return this;
        }

        public Builder unroutedFraction(double value) {
            unroutedFraction = value;
            return this;
        }

        /** Assumed latencies of the outside calls, in milliseconds. */
        public Builder latencies(double dynamoDbWrite, double dynamoDbRead, double iotPublish, double sqsSend) {
            dynamoDbWriteMillis = dynamoDbWrite;
            dynamoDbReadMillis = dynamoDbRead;
            iotPublishMillis = iotPublish;
            sqsSendMillis = sqsSend;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder recordConcurrency(int value) {
            recordConcurrency = value;
            return this;
        }

        public Builder recordsPerInvocation(double value) {
            recordsPerInvocation = value;
            return this;
        }

        public Builder routeCacheTtlSeconds(int value) {
            routeCacheTtlSeconds = value;
            return this;
        }

        public Builder functionMemoryMb(int value) {
            functionMemoryMb = value;
            return this;
        }

        /** The router's CPU time: per invocation and per record, in milliseconds. */
        public Builder cpu(double batchOverhead, double perRecord) {
            batchOverheadMillis = batchOverhead;
            perRecordCpuMillis = perRecord;
            return this;
        }

        public Builder accountShare(double value) {
            accountShare = value;
            return this;
        }

        public Builder newTables(boolean value) {
            newTables = value;
            return this;
        }

        /** Bytes that reach CloudWatch Logs: per record, per invocation, per API access log line, per WAF log line. */
        public Builder logBytes(int perRecord, int perInvocation, int perAccessLine, int perWafLine) {
            recordLogBytes = perRecord;
            invocationLogBytes = perInvocation;
            accessLogBytes = perAccessLine;
            wafLogBytes = perWafLine;
            return this;
        }

        /** Resources billed per month whatever the traffic. */
        public Builder fixedResources(int wafRules, int customMetrics, int alarms, int dashboards) {
            this.wafRules = wafRules;
            this.customMetrics = customMetrics;
            this.alarms = alarms;
            this.dashboards = dashboards;
            return this;
        }

        public Builder kmsRequestsPerFiveMinutes(double value) {
            kmsRequestsPerFiveMinutes = value;
            return this;
        }

        public Builder idleReceivesPerMinute(double value) {
            idleReceivesPerMinute = value;
            return this;
        }

        public Builder quotas(AwsQuotas value) {
            quotas = value;
            return this;
        }

        public Builder prices(AwsPrices value) {
            prices = value;
            return this;
        }

        public CapacityInputs build() {
            return new CapacityInputs(
                    scansPerSecond,
                    peakToAverage,
                    headroom,
                    sourceIps,
                    deviceTopics,
                    subscribersPerTopic,
                    messageBytes,
                    unroutedFraction,
                    dynamoDbWriteMillis,
                    dynamoDbReadMillis,
                    iotPublishMillis,
                    sqsSendMillis,
                    batchSize,
                    recordConcurrency,
                    recordsPerInvocation == null ? batchSize : recordsPerInvocation,
                    routeCacheTtlSeconds,
                    functionMemoryMb,
                    batchOverheadMillis,
                    perRecordCpuMillis,
                    accountShare,
                    newTables,
                    recordLogBytes,
                    invocationLogBytes,
                    accessLogBytes,
                    wafLogBytes,
                    wafRules,
                    customMetrics,
                    alarms,
                    dashboards,
                    kmsRequestsPerFiveMinutes,
                    idleReceivesPerMinute,
                    quotas,
                    prices);
        }
    }
}
