package com.qrrouter.infra.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Prints the capacity model's tables as Markdown:
 *
 * <pre>
 * ./mvnw -B -q -pl infra -am compile -Pcapacity -Dexec.args="--scans-per-second 10,100,500,1000,5000 --recommend-prod"
 * </pre>
 *
 * Every input of {@link CapacityInputs} that an operator may want to change has an option; {@code --help} lists them.
 */
@Command(
        name = "capacity",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Capacity, binding quota and cost per million scans on AWS for each target rate (--scans-per-second), and"
                    + " the prod stage's settings from the design target (--recommend-prod). Defaults in brackets."
        })
public final class CapacityModelMain {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--scans-per-second",
            paramLabel = "N",
            split = ",",
            description = "Target average rates, e.g. 10,100,500.")
    List<Double> scansPerSecond = new ArrayList<>();

    @Option(names = "--recommend-prod", description = "The prod stage's settings from the design target.")
    boolean recommendProd;

    @Option(names = "--peak-to-average", paramLabel = "X", description = "Peak rate / average rate [3].")
    Double peakToAverage;

    @Option(names = "--headroom", paramLabel = "X", description = "Quota / peak need that counts as OK [1.5].")
    Double headroom;

    @Option(names = "--source-ips", paramLabel = "N", description = "Source IPs the scans are posted from [20].")
    Integer sourceIps;

    @Option(
            names = "--device-topics",
            paramLabel = "N",
            description = "Distinct ClientIDs/topics, scans spread evenly [1000].")
    Integer deviceTopics;

    @Option(names = "--subscribers-per-topic", paramLabel = "N", description = "MQTT connections per device topic [1].")
    Integer subscribersPerTopic;

    @Option(names = "--message-bytes", paramLabel = "N", description = "QR message size [256].")
    Integer messageBytes;

    @Option(names = "--unrouted-fraction", paramLabel = "X", description = "Share of scans parked in the DLQ [0.01].")
    Double unroutedFraction;

    @Option(names = "--dynamodb-write-ms", paramLabel = "X", description = "Assumed DynamoDB write latency [10].")
    Double dynamoDbWriteMillis;

    @Option(names = "--dynamodb-read-ms", paramLabel = "X", description = "Assumed DynamoDB read latency [8].")
    Double dynamoDbReadMillis;

    @Option(names = "--iot-publish-ms", paramLabel = "X", description = "Assumed IoT Core publish latency [25].")
    Double iotPublishMillis;

    @Option(names = "--sqs-send-ms", paramLabel = "X", description = "Assumed SQS send latency [15].")
    Double sqsSendMillis;

    @Option(names = "--batch-size", paramLabel = "N", description = "Event source batch size [10].")
    Integer batchSize;

    @Option(names = "--record-concurrency", paramLabel = "N", description = "Records of a batch in flight [10].")
    Integer recordConcurrency;

    @Option(
            names = "--records-per-invocation",
            paramLabel = "X",
            description = "Records per invocation at the peak [the batch size].")
    Double recordsPerInvocation;

    @Option(names = "--route-cache-ttl", paramLabel = "N", description = "Route cache TTL in seconds [60].")
    Integer routeCacheTtlSeconds;

    @Option(names = "--memory-mb", paramLabel = "N", description = "Router memory [1024].")
    Integer memoryMb;

    @Option(
            names = "--account-share",
            paramLabel = "X",
            description = "Share of account-wide quotas this stage may use [1].")
    Double accountShare;

    @Option(
            names = "--existing-tables",
            description = "The DynamoDB tables have served such peaks before (no new-table limit).")
    boolean existingTables;

    private CapacityModelMain() {}

    public static void main(String[] args) {
        try {
            System.out.print(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
        }
    }

    /**
     * Runs the model for the command line {@code args} and returns what {@link #main} prints.
     *
     * @throws IllegalArgumentException naming the bad option and what it takes
     */
    static String run(String[] args) {
        CapacityModelMain options = new CapacityModelMain();
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (options.help) {
            return commandLine.getUsageMessage();
        }
        return options.report();
    }

    private String report() {
        if (scansPerSecond.isEmpty() && !recommendProd) {
            throw new IllegalArgumentException(
                    "Give --scans-per-second N (or a list such as 10,100,500) or --recommend-prod.");
        }
        CapacityInputs.Builder builder = inputs();
        StringBuilder out = new StringBuilder();
        if (!scansPerSecond.isEmpty()) {
            List<CapacityReport> reports = new ArrayList<>();
            for (double rate : scansPerSecond) {
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
        if (recommendProd) {
            out.append("## Prod recommendation\n\n")
                    .append(CapacityModel.recommendProd(builder.build()).toMarkdown());
        }
        return out.toString();
    }

    /** The model's inputs: its defaults, with every option given set. */
    private CapacityInputs.Builder inputs() {
        CapacityInputs.Builder b = CapacityInputs.builder(scansPerSecond.isEmpty() ? 1 : scansPerSecond.getFirst());
        setIfGiven(peakToAverage, b::peakToAverage);
        setIfGiven(headroom, b::headroom);
        setIfGiven(sourceIps, b::sourceIps);
        setIfGiven(deviceTopics, b::deviceTopics);
        setIfGiven(subscribersPerTopic, b::subscribersPerTopic);
        setIfGiven(messageBytes, b::messageBytes);
        setIfGiven(unroutedFraction, b::unroutedFraction);
        setIfGiven(batchSize, b::batchSize);
        setIfGiven(recordConcurrency, b::recordConcurrency);
        setIfGiven(recordsPerInvocation, b::recordsPerInvocation);
        setIfGiven(routeCacheTtlSeconds, b::routeCacheTtlSeconds);
        setIfGiven(memoryMb, b::functionMemoryMb);
        setIfGiven(accountShare, b::accountShare);
        if (existingTables) {
            b.newTables(false);
        }
        CapacityInputs defaults = CapacityInputs.builder(1).build();
        b.latencies(
                dynamoDbWriteMillis == null ? defaults.dynamoDbWriteMillis() : dynamoDbWriteMillis,
                dynamoDbReadMillis == null ? defaults.dynamoDbReadMillis() : dynamoDbReadMillis,
                iotPublishMillis == null ? defaults.iotPublishMillis() : iotPublishMillis,
                sqsSendMillis == null ? defaults.sqsSendMillis() : sqsSendMillis);
        return b;
    }

    private static <T> void setIfGiven(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
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
}
