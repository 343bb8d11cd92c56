package com.qrrouter.infra.capacity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link CapacityModel#evaluate(CapacityInputs)} found for one target.
 *
 * @param inputs the inputs
 * @param peak the router's load at the peak
 * @param checks every part's need at the peak against its quota
 * @param concurrencyWithHeadroom the peak concurrency times the headroom, rounded up
 * @param scaleUpSeconds seconds the event source needs to scale from no traffic to {@code concurrencyWithHeadroom}
 * @param costsFullBatches cost by service at the average rate with full batches
 * @param costsSingleRecord cost by service at the average rate with one record per invocation (a quiet queue)
 */
public record CapacityReport(
        CapacityInputs inputs,
        RouterLoad peak,
        List<PartCheck> checks,
        int concurrencyWithHeadroom,
        double scaleUpSeconds,
        List<CostLine> costsFullBatches,
        List<CostLine> costsSingleRecord) {

    public CapacityReport {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(peak, "peak");
        checks = List.copyOf(checks);
        costsFullBatches = List.copyOf(costsFullBatches);
        costsSingleRecord = List.copyOf(costsSingleRecord);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("A capacity report needs at least one check");
        }
    }

    /** The check with the least headroom: the quota that binds first. */
    public PartCheck binding() {
        return CapacityModel.binding(checks);
    }

    /** Total cost per million scans with full batches. */
    public double usdPerMillionScansFullBatches() {
        return costsFullBatches.stream()
                .mapToDouble(CostLine::usdPerMillionScans)
                .sum();
    }

    /** Total cost per million scans with one record per invocation. */
    public double usdPerMillionScansSingleRecord() {
        return costsSingleRecord.stream()
                .mapToDouble(CostLine::usdPerMillionScans)
                .sum();
    }

    /** The needs, quotas and headroom at the peak, as Markdown. */
    public String checksMarkdown() {
        double required = inputs.headroom();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Target %s scans/s, peak %s scans/s. Router at the peak: %s records per invocation, I/O path %.1f ms,"
                        + " %.1f ms per invocation, %.1f invocations/s, concurrency %.2f (× %s headroom = %d); the event"
                        + " source reaches %d concurrent batches from idle in %.0f s.%n%n",
                CapacityModel.number(inputs.scansPerSecond()),
                CapacityModel.number(inputs.peakScansPerSecond()),
                CapacityModel.number(peak.recordsPerInvocation()),
                peak.ioPathMillis(),
                peak.durationMillis(),
                peak.invocationsPerSecond(),
                peak.concurrency(),
                CapacityModel.number(required),
                concurrencyWithHeadroom,
                concurrencyWithHeadroom,
                scaleUpSeconds));
        out.append("| part | need at peak | quota | adjustable | headroom | status |\n");
        out.append("|---|---:|---|---|---:|---|\n");
        PartCheck binding = binding();
        for (PartCheck check : checks) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %s %s | %s: %s %s | %s | %s | %s |%n",
                    check == binding ? "**binds first** " : "",
                    check.part(),
                    quantity(check.need()),
                    check.measure(),
                    check.quota().name(),
                    quantity(check.quota().value()),
                    check.quota().unit(),
                    check.quota().adjustable() ? "yes" : "no",
                    headroom(check.headroom()),
                    check.status(required)));
        }
        return out.toString();
    }

    /** The cost per million scans by service, as Markdown, full batches and one record per invocation side by side. */
    public String costsMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Cost at %s scans/s on average (%s million scans a month), us-east-1 list prices, no free tier:%n%n",
                CapacityModel.number(inputs.scansPerSecond()),
                quantity(inputs.scansPerSecond() * CapacityModel.SECONDS_PER_MONTH / 1_000_000)));
        out.append(String.format(
                Locale.ROOT,
                "| service | USD per million scans, full batches (%d) | USD per million scans, 1 record per invocation"
                        + " | USD per month (full batches) | counted as (full batches) | price |%n",
                inputs.batchSize()));
        out.append("|---|---:|---:|---:|---|---|\n");
        for (int i = 0; i < costsFullBatches.size(); i++) {
            CostLine full = costsFullBatches.get(i);
            CostLine single = costsSingleRecord.get(i);
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s |%n",
                    full.service(),
                    usd(full.usdPerMillionScans()),
                    usd(single.usdPerMillionScans()),
                    usd(full.usdPerMonth()),
                    full.basis(),
                    full.confirmation().name().toLowerCase(Locale.ROOT)));
        }
        out.append(String.format(
                Locale.ROOT,
                "| **total** | **%s** | **%s** | **%s** | | |%n",
                usd(usdPerMillionScansFullBatches()),
                usd(usdPerMillionScansSingleRecord()),
                usd(costsFullBatches.stream().mapToDouble(CostLine::usdPerMonth).sum())));
        return out.toString();
    }

    /** A number for a table: thousands separated, up to three significant decimals below 10. */
    static String quantity(double value) {
        if (Double.isInfinite(value)) {
            return "∞";
        }
        if (Math.abs(value) >= 100 || (value == Math.rint(value) && Math.abs(value) < 1e15)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (Math.abs(value) >= 0.01 || value == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    static String headroom(double value) {
        return Double.isInfinite(value) ? "∞" : quantity(value) + "×";
    }

    static String usd(double value) {
        return value >= 100
                ? String.format(Locale.ROOT, "$%,.0f", value)
                : value >= 0.01
                        ? String.format(Locale.ROOT, "$%.2f", value)
                        : String.format(Locale.ROOT, "$%.4f", value);
    }
}
