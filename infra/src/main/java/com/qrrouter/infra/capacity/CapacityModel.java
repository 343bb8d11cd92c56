package com.qrrouter.infra.capacity;

import com.qrrouter.infra.capacity.Price.Confirmation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The capacity model of the pipeline on AWS: for a target rate of scans, what each part needs at the peak, how that
 * stands against its quota, which quota binds first, how long the event source takes to scale, and what a million scans
 * cost by service. Pure arithmetic, no AWS call and no CDK type; docs/performance.md ("Capacity model for AWS") explains
 * every formula, and {@link CapacityModelMain} prints the tables.
 */
public final class CapacityModel {

    /** Seconds in the month AWS prices assume (730 hours). */
    public static final double SECONDS_PER_MONTH = 730 * 3600.0;

    /** Bytes of a topic under the stage prefix, e.g. {@code qr-router/prod/door-0042}: an assumption. */
    public static final int TOPIC_BYTES = 40;

    /**
     * Bytes of the MQTT 5 properties the router sends (content type, payload format, correlation data and user property
     * with the API request id), which IoT Core meters with the payload.
     */
    public static final int MQTT5_PROPERTY_BYTES = 110;

    /** Bytes of the SQS message attributes a message carries (CorrelationId, ClientID, the SQS system attributes). */
    public static final int SQS_ATTRIBUTE_BYTES = 200;

    /** SQS bills every 64 KB chunk of a payload as one request. */
    public static final int SQS_CHUNK_BYTES = 64 * 1024;

    /** IoT Core meters messages in 5 KB increments. */
    public static final int IOT_METERING_BYTES = 5 * 1024;

    /** X-Ray's default sampling rule: the first request each second, then this share of the others. */
    public static final double XRAY_SAMPLED_SHARE = 0.05;

    /** Idempotency writes per record: the claim, then the completion (published) or the release (parked, retried). */
    public static final int WRITES_PER_RECORD = 2;

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double WAF_WINDOW_SECONDS = 300;

    private CapacityModel() {}

    /** Evaluates the inputs: needs at the peak against quotas, scale-up time, and costs at the average rate. */
    public static CapacityReport evaluate(CapacityInputs in) {
        RouterLoad peak = load(in, in.peakScansPerSecond(), in.recordsPerInvocation());
        List<PartCheck> checks = checks(in, peak);
        int concurrencyWithHeadroom = (int) Math.ceil(peak.concurrency() * in.headroom() - 1e-9);
        double scaleUpSeconds = scaleUpSeconds(in.quotas(), concurrencyWithHeadroom);
        return new CapacityReport(
                in, peak, checks, concurrencyWithHeadroom, scaleUpSeconds, costs(in, in.batchSize()), costs(in, 1));
    }

    /**
     * The router's load at {@code recordsPerSecond} with {@code recordsPerInvocation} records per invocation.
     *
     * <p>The route cache is per execution environment: each environment reads a client's route once per TTL if it sees
     * that client in that time. With {@code e = max(concurrency, the event source's initial 5 batches)} environments
     * sharing the routed records evenly, one environment sees {@code k = routed × TTL ÷ e} records per TTL spread over
     * {@code deviceTopics} clients, so {@code deviceTopics × (1 − exp(−k ÷ deviceTopics))} distinct clients, and the
     * routed reads per second are {@code e × that ÷ TTL}, at most one per routed record. "Not found" is never cached, so
     * every unrouted record reads. The miss ratio feeds the duration, which feeds the concurrency: the model takes a
     * first pass with every routed record reading (the larger concurrency, so more environments and more reads), then
     * the second pass with the miss ratio that gives.
     */
    public static RouterLoad load(CapacityInputs in, double recordsPerSecond, double recordsPerInvocation) {
        double routed = recordsPerSecond * (1 - in.unroutedFraction());
        double unrouted = recordsPerSecond * in.unroutedFraction();
        RouterLoad everyRecordReads = shape(in, recordsPerSecond, recordsPerInvocation, 1.0, routed + unrouted);
        double routedReads = routed;
        if (in.routeCacheTtlSeconds() > 0 && routed > 0) {
            double ttl = in.routeCacheTtlSeconds();
            double environments = Math.max(
                    everyRecordReads.concurrency(),
                    in.quotas().eventSourceInitialConcurrency().value());
            double recordsPerEnvironment = routed * ttl / environments;
            double clientsSeen = in.deviceTopics() * -Math.expm1(-recordsPerEnvironment / in.deviceTopics());
            routedReads = Math.min(routed, environments * clientsSeen / ttl);
        }
        double missRatio = routed == 0 ? 0 : routedReads / routed;
        return shape(in, recordsPerSecond, recordsPerInvocation, missRatio, routedReads + unrouted);
    }

    private static RouterLoad shape(
            CapacityInputs in,
            double recordsPerSecond,
            double recordsPerInvocation,
            double missRatio,
            double routeReadsPerSecond) {
        double u = in.unroutedFraction();
        double routedPath = 2 * in.dynamoDbWriteMillis() + missRatio * in.dynamoDbReadMillis() + in.iotPublishMillis();
        double unroutedPath = 2 * in.dynamoDbWriteMillis() + in.dynamoDbReadMillis() + in.sqsSendMillis();
        double ioPath = (1 - u) * routedPath + u * unroutedPath;
        double waves = Math.ceil(recordsPerInvocation / in.recordConcurrency() - 1e-9);
        double duration = waves * ioPath + in.batchOverheadMillis() + in.perRecordCpuMillis() * recordsPerInvocation;
        double invocations = recordsPerSecond / recordsPerInvocation;
        return new RouterLoad(
                recordsPerSecond,
                recordsPerInvocation,
                missRatio,
                ioPath,
                duration,
                invocations,
                invocations * duration / 1000.0,
                routeReadsPerSecond,
                WRITES_PER_RECORD * recordsPerSecond);
    }

    /** Bytes IoT Core meters for one publish: payload, topic and MQTT 5 properties. */
    public static int meteredMessageBytes(CapacityInputs in) {
        return in.messageBytes() + TOPIC_BYTES + MQTT5_PROPERTY_BYTES;
    }

    private static List<PartCheck> checks(CapacityInputs in, RouterLoad peak) {
        AwsQuotas q = in.quotas();
        double share = in.accountShare();
        String shared = "this stage's share of the account";
        double records = peak.recordsPerSecond();
        double routed = records * (1 - in.unroutedFraction());
        double perConnection = routed / in.deviceTopics();
        List<PartCheck> checks = new ArrayList<>();
        checks.add(new PartCheck(
                "API Gateway", "requests/s", records, q.apiAccountRate().scaled(share, shared)));
        checks.add(new PartCheck(
                "WAF",
                "requests per source IP per 5 min",
                records / in.sourceIps() * WAF_WINDOW_SECONDS,
                q.wafRateLimitMaximum()));
        checks.add(new PartCheck(
                "SQS",
                "in-flight messages",
                peak.concurrency() * peak.recordsPerInvocation(),
                q.sqsInFlightMessages()));
        checks.add(new PartCheck(
                "SQS event source", "concurrent batches", peak.concurrency(), q.eventSourceMaxConcurrency()));
        checks.add(new PartCheck(
                "Lambda",
                "concurrent executions",
                peak.concurrency(),
                q.lambdaAccountConcurrency().scaled(share, shared)));
        if (in.newTables()) {
            checks.add(new PartCheck(
                    "DynamoDB idempotency table",
                    "write units/s (new table)",
                    peak.writesPerSecond(),
                    q.dynamoDbNewTableWrites()));
        }
        checks.add(new PartCheck(
                "DynamoDB idempotency table", "write units/s", peak.writesPerSecond(), q.dynamoDbTableWrites()));
        if (in.newTables()) {
            checks.add(new PartCheck(
                    "DynamoDB routes table",
                    "read units/s (new table)",
                    peak.routeReadsPerSecond(),
                    q.dynamoDbNewTableReads()));
        }
        checks.add(new PartCheck(
                "DynamoDB routes table", "read units/s", peak.routeReadsPerSecond(), q.dynamoDbTableReads()));
        checks.add(new PartCheck(
                "DynamoDB routes table",
                "read units/s on one ClientID (one partition)",
                peak.routeReadsPerSecond() / in.deviceTopics(),
                q.dynamoDbPartitionReads()));
        checks.add(new PartCheck(
                "IoT Core",
                "inbound publishes/s",
                routed,
                q.iotInboundPublishes().scaled(share, shared)));
        checks.add(new PartCheck(
                "IoT Core",
                "outbound publishes/s",
                routed * in.subscribersPerTopic(),
                q.iotOutboundPublishes().scaled(share, shared)));
        checks.add(new PartCheck(
                "IoT Core", "publishes/s to one device connection", perConnection, q.iotPublishesPerConnection()));
        checks.add(new PartCheck(
                "IoT Core",
                "bytes/s to one device connection",
                perConnection * meteredMessageBytes(in),
                q.iotBytesPerConnection()));
        checks.add(new PartCheck("IoT Core", "message bytes", meteredMessageBytes(in), q.iotMessageSize(), false));
        return List.copyOf(checks);
    }

    /**
     * Seconds the SQS event source needs, in standard mode, to go from no traffic to {@code concurrency} concurrent
     * batches: it starts with the initial batches at once and adds the scale-up rate per minute.
     */
    public static double scaleUpSeconds(AwsQuotas quotas, double concurrency) {
        double beyondStart =
                Math.max(0, concurrency - quotas.eventSourceInitialConcurrency().value());
        return beyondStart / quotas.eventSourceScaleUpPerMinute().value() * 60.0;
    }

    /** Traces X-Ray's default rule records per second at {@code requestsPerSecond}. */
    public static double sampledPerSecond(double requestsPerSecond) {
        return Math.min(requestsPerSecond, 1) + XRAY_SAMPLED_SHARE * Math.max(0, requestsPerSecond - 1);
    }

    /** The cost by service at the average rate, with {@code recordsPerInvocation} records per invocation. */
    public static List<CostLine> costs(CapacityInputs in, double recordsPerInvocation) {
        AwsPrices p = in.prices();
        double n = in.scansPerSecond();
        double f = recordsPerInvocation;
        double scansPerMonth = n * SECONDS_PER_MONTH;
        double millions = scansPerMonth / 1_000_000;
        RouterLoad average = load(in, n, f);
        double invocationsPerMonth = average.invocationsPerSecond() * SECONDS_PER_MONTH;
        double u = in.unroutedFraction();
        List<CostLine> lines = new ArrayList<>();

        lines.add(line(
                "API Gateway (REST)",
                p.apiRestRequests().monthlyUsd(scansPerMonth),
                millions,
                "1 request per scan, tiered",
                p.apiRestRequests()));

        double wafFixed = p.wafWebAclMonth().monthlyUsd(1) + p.wafRuleMonth().monthlyUsd(in.wafRules());
        lines.add(line(
                "WAF",
                p.wafRequests().monthlyUsd(scansPerMonth) + wafFixed,
                millions,
                String.format(
                        Locale.ROOT,
                        "1 request per scan + web ACL and %d rules ($%.2f/month)",
                        in.wafRules(),
                        wafFixed),
                p.wafRequests(),
                p.wafWebAclMonth(),
                p.wafRuleMonth()));

        int messageChunkBytes = in.messageBytes() + SQS_ATTRIBUTE_BYTES;
        double sendChunks = Math.ceil(messageChunkBytes / (double) SQS_CHUNK_BYTES);
        double receiveChunks = Math.ceil(f * messageChunkBytes / SQS_CHUNK_BYTES);
        double idleReceives = in.idleReceivesPerMinute() * 60 * 730;
        double sqsRequests = scansPerMonth * sendChunks // API Gateway SendMessage
                + invocationsPerMonth * receiveChunks // event source ReceiveMessage, one per batch
                + invocationsPerMonth // event source DeleteMessageBatch, one per batch
                + scansPerMonth * u * sendChunks // DLQ SendMessage of parked records
                + idleReceives;
        lines.add(line(
                "SQS",
                p.sqsRequests().monthlyUsd(sqsRequests),
                millions,
                String.format(
                        Locale.ROOT,
                        "%.2f requests per scan: send, receive and delete per batch of %s, DLQ sends; + %.0f idle"
                                + " polls/month",
                        (sqsRequests - idleReceives) / scansPerMonth,
                        number(f),
                        idleReceives),
                p.sqsRequests()));

        double gbSeconds = invocationsPerMonth * average.durationMillis() / 1000.0 * in.functionMemoryMb() / 1024.0;
        lines.add(line(
                "Lambda (arm64)",
                p.lambdaRequests().monthlyUsd(invocationsPerMonth)
                        + p.lambdaArmGbSecond().monthlyUsd(gbSeconds),
                millions,
                String.format(
                        Locale.ROOT,
                        "1 request per %s scans, %.1f ms each at %d MB",
                        number(f),
                        average.durationMillis(),
                        in.functionMemoryMb()),
                p.lambdaRequests(),
                p.lambdaArmGbSecond()));

        double writes = average.writesPerSecond() * SECONDS_PER_MONTH;
        double reads = average.routeReadsPerSecond() * SECONDS_PER_MONTH;
        lines.add(line(
                "DynamoDB (on-demand)",
                p.dynamoDbWrites().monthlyUsd(writes) + p.dynamoDbReads().monthlyUsd(reads),
                millions,
                String.format(
                        Locale.ROOT,
                        "%d write units per scan, %.4f route reads per scan",
                        WRITES_PER_RECORD,
                        average.routeReadsPerSecond() / n),
                p.dynamoDbWrites(),
                p.dynamoDbReads()));

        double chunks = Math.ceil(meteredMessageBytes(in) / (double) IOT_METERING_BYTES);
        double iotMessages = scansPerMonth * (1 - u) * (1 + in.subscribersPerTopic()) * chunks;
        lines.add(line(
                "IoT Core messaging",
                p.iotMessages().monthlyUsd(iotMessages),
                millions,
                String.format(
                        Locale.ROOT,
                        "publish + %d deliveries per routed scan, %.0f × 5 KB each",
                        in.subscribersPerTopic(),
                        chunks),
                p.iotMessages()));

        double kmsRequests = in.kmsRequestsPerFiveMinutes() * 12 * 730;
        lines.add(line(
                "KMS",
                p.kmsKeyMonth().monthlyUsd(1) + p.kmsRequests().monthlyUsd(kmsRequests),
                millions,
                String.format(
                        Locale.ROOT,
                        "1 key + %.0f requests/month (data keys reused 5 min: independent of traffic)",
                        kmsRequests),
                p.kmsKeyMonth(),
                p.kmsRequests()));

        double bytesPerScan =
                in.recordLogBytes() + in.accessLogBytes() + in.wafLogBytes() + in.invocationLogBytes() / f;
        double logGb = scansPerMonth * bytesPerScan / GIB;
        lines.add(line(
                "CloudWatch Logs ingestion",
                p.logsIngestionGb().monthlyUsd(logGb),
                millions,
                String.format(
                        Locale.ROOT,
                        "%.0f bytes per scan (router %d, per invocation %d ÷ %s, API access %d, WAF %d)",
                        bytesPerScan,
                        in.recordLogBytes(),
                        in.invocationLogBytes(),
                        number(f),
                        in.accessLogBytes(),
                        in.wafLogBytes()),
                p.logsIngestionGb()));

        double cloudWatchFixed = p.metricMonth().monthlyUsd(in.customMetrics())
                + p.alarmMonth().monthlyUsd(in.alarms())
                + p.dashboardMonth().monthlyUsd(in.dashboards());
        lines.add(line(
                "CloudWatch metrics (EMF), alarms, dashboard",
                cloudWatchFixed,
                millions,
                String.format(
                        Locale.ROOT,
                        "%d metrics, %d alarms, %d dashboard per month (independent of traffic)",
                        in.customMetrics(),
                        in.alarms(),
                        in.dashboards()),
                p.metricMonth(),
                p.alarmMonth(),
                p.dashboardMonth()));

        double traces = (sampledPerSecond(n) + sampledPerSecond(average.invocationsPerSecond())) * SECONDS_PER_MONTH;
        lines.add(line(
                "X-Ray",
                p.xrayTracesRecorded().monthlyUsd(traces),
                millions,
                "default sampling (1/s + 5 %) of API requests and of router invocations",
                p.xrayTracesRecorded()));
        return List.copyOf(lines);
    }

    private static CostLine line(String service, double usdPerMonth, double millions, String basis, Price... prices) {
        Confirmation weakest = Confirmation.CONFIRMED;
        for (Price price : prices) {
            if (price.confirmation().compareTo(weakest) > 0) {
                weakest = price.confirmation();
            }
        }
        return new CostLine(service, usdPerMonth, usdPerMonth / millions, basis, weakest);
    }

    /**
     * The prod recommendation from the default inputs: see {@link #recommendProd(CapacityInputs)}.
     */
    public static ProdRecommendation recommendProd() {
        return recommendProd(CapacityInputs.builder(1).build());
    }

    /**
     * Derives the prod stage's settings from a design target: the largest average rate (rounded down to a round
     * number) at which every quota still has the required headroom at the peak, with every other input as in
     * {@code assumptions} (its own target rate is ignored). From that target:
     *
     * <ul>
     *   <li>API stage rate = peak × headroom, rounded up to 10 requests/s, never above this stage's share of the
     *       account throttle; burst = 2 × rate, but not above the account burst unless the rate itself is larger (a
     *       stage's burst is at least its rate);
     *   <li>WAF limit per IP = peak ÷ source IPs × 300 s × headroom, rounded up to 100, at least 100;
     *   <li>event source maximum concurrency = peak concurrency (full batches) × headroom, rounded up, 2 to 1000.
     * </ul>
     */
    public static ProdRecommendation recommendProd(CapacityInputs assumptions) {
        double largest = largestCarried(assumptions);
        double target = roundDown(largest);
        CapacityReport design =
                evaluate(assumptions.toBuilder().scansPerSecond(target).build());
        CapacityInputs in = design.inputs();
        AwsQuotas q = in.quotas();
        double peak = in.peakScansPerSecond();
        double accountRate = q.apiAccountRate().value() * in.accountShare();
        double rate = Math.min(Math.ceil(peak * in.headroom() / 10 - 1e-9) * 10, Math.floor(accountRate));
        // StageConfig wants a burst at least as large as the rate; above the account's burst it buys nothing.
        int burst = (int)
                Math.max(Math.ceil(rate), Math.min(2 * rate, q.apiAccountBurst().value()));
        long waf = Math.max(
                100, (long) Math.ceil(peak / in.sourceIps() * WAF_WINDOW_SECONDS * in.headroom() / 100 - 1e-9) * 100);
        int maxConcurrency =
                (int) Math.max(2, Math.min(q.eventSourceMaxConcurrency().value(), design.concurrencyWithHeadroom()));
        CapacityReport beyond =
                evaluate(in.toBuilder().scansPerSecond(largest * 1.0001).build());
        return new ProdRecommendation(
                target,
                largest,
                peak,
                rate,
                burst,
                waf,
                maxConcurrency,
                maxConcurrency * design.peak().recordsPerSecondPerConcurrency(),
                design,
                beyond.binding());
    }

    /** The largest average rate at which every check keeps the required headroom (bisection; the needs grow with it). */
    static double largestCarried(CapacityInputs assumptions) {
        double low = 1e-3;
        double high = CapacityInputs.MAX_SCANS_PER_SECOND;
        if (!carries(assumptions, low)) {
            throw new IllegalArgumentException("Even " + low + " scans/s leaves a quota without the headroom of "
                    + assumptions.headroom() + ": "
                    + evaluate(assumptions.toBuilder().scansPerSecond(low).build())
                            .binding()
                    + ". Check the quotas and the account share.");
        }
        if (carries(assumptions, high)) {
            return high;
        }
        for (int i = 0; i < 200 && high - low > 1e-6 * high; i++) {
            double middle = Math.sqrt(low * high);
            if (carries(assumptions, middle)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static boolean carries(CapacityInputs assumptions, double scansPerSecond) {
        CapacityReport report =
                evaluate(assumptions.toBuilder().scansPerSecond(scansPerSecond).build());
        return leastHeadroom(report.checks()) >= assumptions.headroom();
    }

    /** Rounds down to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
    static double roundDown(double value) {
        double[] steps = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8};
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        double best = power;
        for (double step : steps) {
            if (step * power <= value * (1 + 1e-9)) {
                best = step * power;
            }
        }
        return best;
    }

    /** A number without trailing zeros: {@code 10}, {@code 2.5}. */
    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.valueOf(value);
    }

    /** The check with the least headroom among those whose need grows with the rate. */
    static PartCheck binding(List<PartCheck> checks) {
        return checks.stream()
                .filter(PartCheck::growsWithRate)
                .min(Comparator.comparingDouble(PartCheck::headroom))
                .orElseThrow(() -> new IllegalArgumentException("No check grows with the rate"));
    }

    /** The least headroom of any check. */
    static double leastHeadroom(List<PartCheck> checks) {
        return checks.stream().mapToDouble(PartCheck::headroom).min().orElseThrow();
    }
}
