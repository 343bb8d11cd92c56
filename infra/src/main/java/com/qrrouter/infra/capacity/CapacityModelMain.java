package com.qrrouter.infra.capacity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Prints the capacity model's tables as Markdown:
 *
 * <pre>
 * ./mvnw -B -q -pl infra -am compile exec:java@capacity -Dexec.args="--scans-per-second 10,100,500,1000,5000 --recommend-prod"
 * </pre>
 *
 * Every input of {@link CapacityInputs} that an operator may want to change has an option; {@code --help} lists them.
 */
public final class CapacityModelMain {

    private static final String USAGE = """
            Usage: --scans-per-second N[,N...] [options]   capacity, binding quota and cost for each target
                   --recommend-prod [options]             the prod stage's settings from the design target
            Options (defaults in brackets):
              --peak-to-average X      peak rate ÷ average rate [3]
              --headroom X             quota ÷ peak need that counts as OK [1.5]
              --source-ips N           source IPs the scans are posted from [20]
              --device-topics N        distinct ClientIDs/topics, scans spread evenly [1000]
              --subscribers-per-topic N  MQTT connections per device topic [1]
              --message-bytes N        QR message size [256]
              --unrouted-fraction X    share of scans parked in the DLQ [0.01]
              --dynamodb-write-ms X    assumed DynamoDB write latency [10]
              --dynamodb-read-ms X     assumed DynamoDB read latency [8]
              --iot-publish-ms X       assumed IoT Core publish latency [25]
              --sqs-send-ms X          assumed SQS send latency [15]
              --batch-size N           event source batch size [10]
              --record-concurrency N   records of a batch in flight [10]
              --records-per-invocation X  records per invocation at the peak [the batch size]
              --route-cache-ttl N      route cache TTL in seconds [60]
              --memory-mb N            router memory [1024]
              --account-share X        share of account-wide quotas this stage may use [1]
              --existing-tables        the DynamoDB tables have served such peaks before (no new-table limit)
            """;

    private CapacityModelMain() {}

    public static void main(String[] args) {
        try {
            System.out.print(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    /**
     * Runs the model for the command line {@code args} and returns what {@link #main} prints.
     *
     * @throws IllegalArgumentException naming the bad option and what it takes
     */
    static String run(String[] args) {
        Map<String, String> options = parse(args);
        if (options.containsKey("help")) {
            return USAGE;
        }
        boolean recommend = options.remove("recommend-prod") != null;
        String targets = options.remove("scans-per-second");
        if (targets == null && !recommend) {
            throw new IllegalArgumentException(
                    "Give --scans-per-second N (or a list such as 10,100,500) or --recommend-prod.");
        }
        List<Double> rates = new ArrayList<>();
        if (targets != null) {
            for (String part : targets.split(",", -1)) {
                rates.add(decimal("scans-per-second", part.trim()));
            }
        }
        CapacityInputs.Builder builder = CapacityInputs.builder(rates.isEmpty() ? 1 : rates.getFirst());
        apply(builder, options);
        StringBuilder out = new StringBuilder();
        if (!rates.isEmpty()) {
            List<CapacityReport> reports = new ArrayList<>();
            for (double rate : rates) {
                reports.add(CapacityModel.evaluate(builder.scansPerSecond(rate).build()));
            }
            out.append("## Summary\n\n").append(summary(reports)).append('\n');
            for (CapacityReport report : reports) {
                out.append("## ")
                        .append(CapacityModel.number(report.inputs().scansPerSecond()))
                        .append(" scans/s\n\n")
                        .append(report.checksMarkdown())
                        .append('\n')
                        .append(report.costsMarkdown())
                        .append('\n');
            }
        }
        if (recommend) {
            out.append("## Prod recommendation\n\n")
                    .append(CapacityModel.recommendProd(builder.build()).toMarkdown());
        }
        return out.toString();
    }

    /** One line per target: the figures docs/performance.md tabulates. */
    static String summary(List<CapacityReport> reports) {
        StringBuilder out = new StringBuilder();
        out.append("| scans/s (avg) | peak | Lambda concurrency at peak (× headroom) | event source scale-up from idle"
                + " | idempotency writes/s | IoT publishes/s | binds first (headroom) | USD per million scans"
                + " (full batches … 1 record per invocation) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (CapacityReport report : reports) {
            CapacityInputs in = report.inputs();
            PartCheck binding = report.binding();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f (%d) | %.0f s | %s | %s | %s %s: %s (%s) | %s … %s |%n",
                    CapacityReport.quantity(in.scansPerSecond()),
                    CapacityReport.quantity(in.peakScansPerSecond()),
                    report.peak().concurrency(),
                    report.concurrencyWithHeadroom(),
                    report.scaleUpSeconds(),
                    CapacityReport.quantity(report.peak().writesPerSecond()),
                    CapacityReport.quantity(in.peakScansPerSecond() * (1 - in.unroutedFraction())),
                    binding.part(),
                    binding.measure(),
                    binding.quota().name(),
                    CapacityReport.headroom(binding.headroom()),
                    CapacityReport.usd(report.usdPerMillionScansFullBatches()),
                    CapacityReport.usd(report.usdPerMillionScansSingleRecord())));
        }
        return out.toString();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "Unexpected argument '" + arg + "': options start with --, e.g." + " --scans-per-second 500.");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (name.equals("help") || name.equals("recommend-prod") || name.equals("existing-tables")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value, e.g. --" + name + " 10.");
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("Option --" + name + " is given twice: give it once.");
            }
        }
        return options;
    }

    private static void apply(CapacityInputs.Builder b, Map<String, String> options) {
        Map<String, BiConsumer<CapacityInputs.Builder, String>> setters = new LinkedHashMap<>();
        setters.put("peak-to-average", (x, v) -> x.peakToAverage(decimal("peak-to-average", v)));
        setters.put("headroom", (x, v) -> x.headroom(decimal("headroom", v)));
        setters.put("source-ips", (x, v) -> x.sourceIps(whole("source-ips", v)));
        setters.put("device-topics", (x, v) -> x.deviceTopics(whole("device-topics", v)));
        setters.put("subscribers-per-topic", (x, v) -> x.subscribersPerTopic(whole("subscribers-per-topic", v)));
        setters.put("message-bytes", (x, v) -> x.messageBytes(whole("message-bytes", v)));
        setters.put("unrouted-fraction", (x, v) -> x.unroutedFraction(decimal("unrouted-fraction", v)));
        setters.put("batch-size", (x, v) -> x.batchSize(whole("batch-size", v)));
        setters.put("record-concurrency", (x, v) -> x.recordConcurrency(whole("record-concurrency", v)));
        setters.put("records-per-invocation", (x, v) -> x.recordsPerInvocation(decimal("records-per-invocation", v)));
        setters.put("route-cache-ttl", (x, v) -> x.routeCacheTtlSeconds(whole("route-cache-ttl", v)));
        setters.put("memory-mb", (x, v) -> x.functionMemoryMb(whole("memory-mb", v)));
        setters.put("account-share", (x, v) -> x.accountShare(decimal("account-share", v)));
        setters.put("existing-tables", (x, v) -> x.newTables(false));
        CapacityInputs defaults = CapacityInputs.builder(1).build();
        double[] latencies = {
            defaults.dynamoDbWriteMillis(),
            defaults.dynamoDbReadMillis(),
            defaults.iotPublishMillis(),
            defaults.sqsSendMillis()
        };
        String[] latencyOptions = {"dynamodb-write-ms", "dynamodb-read-ms", "iot-publish-ms", "sqs-send-ms"};
        for (Map.Entry<String, String> option : options.entrySet()) {
            int latency = List.of(latencyOptions).indexOf(option.getKey());
            if (latency >= 0) {
                latencies[latency] = decimal(option.getKey(), option.getValue());
                continue;
            }
            BiConsumer<CapacityInputs.Builder, String> setter = setters.get(option.getKey());
            if (setter == null) {
                throw new IllegalArgumentException(
                        "Unknown option --" + option.getKey() + ": see the options below (--help).");
            }
            setter.accept(b, option.getValue());
        }
        b.latencies(latencies[0], latencies[1], latencies[2], latencies[3]);
    }

    private static double decimal(String option, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(
                "Option --" + option + " takes a number, got '" + value + "', e.g. --" + option + " 2.5.");
    }

    private static int whole(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Option --" + option + " takes a whole number, got '" + value + "', e.g. --" + option + " 20.", e);
        }
    }
}
