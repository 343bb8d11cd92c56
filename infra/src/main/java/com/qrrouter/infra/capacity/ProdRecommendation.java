package com.qrrouter.infra.capacity;

import java.util.Locale;

/**
 * The prod stage's settings derived by {@link CapacityModel#recommendProd(CapacityInputs)}, for
 * {@code StageConfig.forStage("prod")}.
 *
 * @param designScansPerSecond the design target: average scans/s, a round number
 * @param largestCarriedScansPerSecond the largest average rate the quotas carry with the required headroom
 * @param peakScansPerSecond the design target's peak
 * @param apiRateLimit API Gateway stage throttle, requests/s
 * @param apiBurstLimit API Gateway stage burst
 * @param wafRequestsPerIpPerFiveMinutes WAF rate-based limit per source IP
 * @param maxConcurrency SQS event source maximum concurrency
 * @param drainRecordsPerSecond records/s the router drains at {@code maxConcurrency} with full batches (a backlog after
 *     an outage is drained no faster, which is what keeps DynamoDB and IoT Core within their quotas)
 * @param design the model's report at the design target
 * @param bindingAboveCarried the quota that runs out of headroom first above the largest carried rate
 */
public record ProdRecommendation(
        double designScansPerSecond,
        double largestCarriedScansPerSecond,
        double peakScansPerSecond,
        double apiRateLimit,
        int apiBurstLimit,
        long wafRequestsPerIpPerFiveMinutes,
        int maxConcurrency,
        double drainRecordsPerSecond,
        CapacityReport design,
        PartCheck bindingAboveCarried) {

    /** The recommendation as Markdown. */
    public String toMarkdown() {
        CapacityInputs in = design.inputs();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Design target: %s scans/s on average (peak %s scans/s at %s× the average). The default quotas carry"
                        + " up to %.0f scans/s with %s× headroom; above it %s — %s (%s %s) binds first.%n%n",
                CapacityModel.number(designScansPerSecond),
                CapacityModel.number(peakScansPerSecond),
                CapacityModel.number(in.peakToAverage()),
                largestCarriedScansPerSecond,
                CapacityModel.number(in.headroom()),
                bindingAboveCarried.part(),
                bindingAboveCarried.measure(),
                bindingAboveCarried.quota().name(),
                CapacityReport.quantity(bindingAboveCarried.quota().value())));
        out.append("| prod setting | value | from |\n|---|---:|---|\n");
        out.append(String.format(
                Locale.ROOT,
                "| API throttling rate / burst (requests/s) | %s / %d | peak × headroom, rounded up to 10; burst 2 × rate"
                        + " (account burst %s) |%n",
                CapacityModel.number(apiRateLimit),
                apiBurstLimit,
                CapacityReport.quantity(in.quotas().apiAccountBurst().value())));
        out.append(String.format(
                Locale.ROOT,
                "| WAF rate limit per IP (per 5 min) | %d | peak ÷ %d source IPs × 300 s × headroom, rounded up to 100 |%n",
                wafRequestsPerIpPerFiveMinutes,
                in.sourceIps()));
        out.append(String.format(
                Locale.ROOT,
                "| router max concurrency (event source) | %d | peak concurrency %.1f × headroom, rounded up; drains"
                        + " %.0f records/s with full batches |%n",
                maxConcurrency,
                design.peak().concurrency(),
                drainRecordsPerSecond));
        return out.toString();
    }
}
