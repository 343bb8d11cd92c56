package com.qrrouter.infra.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.qrrouter.infra.capacity.PartCheck.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityModelTest {

    /**
     * Inputs whose arithmetic is easy to follow by hand: no route cache (every record reads its route) and nothing
     * unrouted, so one record's I/O path is claim 10 + read 8 + publish 25 + complete 10 = 53 ms; everything else at its
     * default (peak 3 × average, headroom 1.5, batches of 10 with 10 records in flight, 6 ms per invocation and 1.1 ms
     * per record of CPU).
     */
    private static CapacityInputs.Builder plain(double scansPerSecond) {
        return CapacityInputs.builder(scansPerSecond).routeCacheTtlSeconds(0).unroutedFraction(0);
    }

    private static PartCheck check(CapacityReport report, String part, String measure) {
        return report.checks().stream()
                .filter(c -> c.part().equals(part) && c.measure().equals(measure))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + part + " / " + measure));
    }

    private static CostLine cost(List<CostLine> lines, String service) {
        return lines.stream()
                .filter(l -> l.service().equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cost line " + service));
    }

    @Test
    void evaluate_whenHundredScansPerSecond_needsWhatTheFormulasSay() {
        CapacityReport report = CapacityModel.evaluate(plain(100).build());

        // peak = 100 × 3 = 300 records/s; duration = ceil(10/10) × 53 + 6 + 1.1 × 10 = 70 ms;
        // invocations = 300 / 10 = 30/s; concurrency = 30 × 0.070 = 2.1; × 1.5 = 3.15 → 4;
        // 4 ≤ the 5 batches the event source starts with → no scale-up time.
        RouterLoad peak = report.peak();
        assertThat(peak.ioPathMillis()).isCloseTo(53, within(1e-9));
        assertThat(peak.durationMillis()).isCloseTo(70, within(1e-9));
        assertThat(peak.invocationsPerSecond()).isCloseTo(30, within(1e-9));
        assertThat(peak.concurrency()).isCloseTo(2.1, within(1e-9));
        assertThat(report.concurrencyWithHeadroom()).isEqualTo(4);
        assertThat(report.scaleUpSeconds()).isZero();
        // writes = 2 per record × 300 = 600 WRU/s; reads = 1 per record = 300 RRU/s, 0.3 per ClientID (1000 topics)
        assertThat(peak.writesPerSecond()).isCloseTo(600, within(1e-9));
        assertThat(peak.routeReadsPerSecond()).isCloseTo(300, within(1e-9));
        assertThat(check(report, "DynamoDB routes table", "read units/s on one ClientID (one partition)")
                        .need())
                .isCloseTo(0.3, within(1e-9));
        // IoT: 300 publishes/s in and out; 300 / 1000 connections = 0.3 per connection; × (256 + 40 + 110) bytes
        assertThat(check(report, "IoT Core", "inbound publishes/s").need()).isCloseTo(300, within(1e-9));
        assertThat(check(report, "IoT Core", "publishes/s to one device connection")
                        .need())
                .isCloseTo(0.3, within(1e-9));
        assertThat(check(report, "IoT Core", "bytes/s to one device connection").need())
                .isCloseTo(0.3 * 406, within(1e-9));
        // WAF: 300 requests/s ÷ 20 IPs × 300 s = 4,500 per IP per 5 min
        assertThat(check(report, "WAF", "requests per source IP per 5 min").need())
                .isCloseTo(4_500, within(1e-9));
        // the new idempotency table (4,000 WRU at once) is the smallest headroom: 4000 / 600 = 6.67×
        assertThat(report.binding().measure()).isEqualTo("write units/s (new table)");
        assertThat(report.binding().headroom()).isCloseTo(4_000 / 600.0, within(1e-9));
        assertThat(report.binding().status(1.5)).isEqualTo(Status.OK);
    }

    @Test
    void evaluate_whenThousandScansPerSecond_scalesTheEventSourceAndOutgrowsANewTable() {
        CapacityReport report = CapacityModel.evaluate(plain(1_000).build());

        // peak 3,000 records/s → 300 invocations/s × 0.070 s = 21 concurrent; × 1.5 = 31.5 → 32;
        // scale-up: (32 − 5) / 300 per minute × 60 s = 5.4 s
        assertThat(report.peak().concurrency()).isCloseTo(21, within(1e-9));
        assertThat(report.concurrencyWithHeadroom()).isEqualTo(32);
        assertThat(report.scaleUpSeconds()).isCloseTo(5.4, within(1e-9));
        // writes 6,000 WRU/s against a new table's 4,000: 0.67×, exceeded, binds first
        PartCheck binding = report.binding();
        assertThat(binding.part()).isEqualTo("DynamoDB idempotency table");
        assertThat(binding.headroom()).isCloseTo(4_000 / 6_000.0, within(1e-9));
        assertThat(binding.status(1.5)).isEqualTo(Status.EXCEEDED);
        // API: 3,000 requests/s against 10,000: 3.33×
        assertThat(check(report, "API Gateway", "requests/s").headroom()).isCloseTo(10_000 / 3_000.0, within(1e-9));
    }

    @Test
    void evaluate_whenScansGoToOneDeviceTopic_theConnectionBindsBeforeAccountQuotas() {
        // 10 scans/s average, 30 at the peak, every scan to one device: 30 publishes/s on one connection (quota 100)
        CapacityReport oneDevice = CapacityModel.evaluate(
                plain(10).deviceTopics(1).newTables(false).build());
        assertThat(oneDevice.binding().measure()).isEqualTo("publishes/s to one device connection");
        assertThat(oneDevice.binding().headroom()).isCloseTo(100 / 30.0, within(1e-9));

        // 40 scans/s → 120 publishes/s on that one connection: over the quota that AWS does not raise
        CapacityReport overOneDevice = CapacityModel.evaluate(
                plain(40).deviceTopics(1).newTables(false).build());
        assertThat(overOneDevice.binding().status(1.5)).isEqualTo(Status.EXCEEDED);
        assertThat(overOneDevice.binding().quota().adjustable()).isFalse();

        // the same rate over 1,000 topics: 0.03 per connection; the account throttle of API Gateway is now the least
        // headroom (10,000 / 30 = 333×; IoT and DynamoDB have 20,000 / 30 and 40,000 / 60 = 667×)
        CapacityReport spread =
                CapacityModel.evaluate(plain(10).newTables(false).build());
        assertThat(spread.binding().part()).isEqualTo("API Gateway");
        assertThat(spread.binding().headroom()).isCloseTo(10_000 / 30.0, within(1e-9));
    }

    @Test
    void evaluate_whenTheStageSharesTheAccount_scalesAccountQuotasOnly() {
        // a quarter of the account: API 2,500 requests/s against a peak of 3,000 → exceeded; per-connection unchanged
        CapacityReport report = CapacityModel.evaluate(
                plain(1_000).accountShare(0.25).newTables(false).build());
        assertThat(report.binding().part()).isEqualTo("API Gateway");
        assertThat(report.binding().quota().value()).isCloseTo(2_500, within(1e-9));
        assertThat(check(report, "IoT Core", "publishes/s to one device connection")
                        .quota()
                        .value())
                .isEqualTo(100);
    }

    @Test
    void load_whenRoutesAreCached_readsEachClientOncePerTtlPerEnvironment() {
        // default inputs at 100 scans/s: peak 300, 1 % unrouted → 297 routed.
        // first pass, every record reads: routed path 10 + 8 + 25 + 10 = 53, unrouted 10 + 8 + 15 + 10 = 43,
        //   I/O 0.99 × 53 + 0.01 × 43 = 52.9 ms, duration 52.9 + 6 + 11 = 69.9 ms, concurrency 30 × 0.0699 = 2.097;
        // environments = max(2.097, 5) = 5; each sees 297 × 60 / 5 = 3,564 records per TTL over 1,000 clients:
        //   1000 × (1 − e^−3.564) = 971.675 clients → 5 × 971.675 / 60 = 80.973 reads/s, miss ratio 80.973 / 297;
        // second pass: routed path 45 + 8 × 0.272636 = 47.18109, I/O 0.99 × 47.18109 + 0.43 = 47.13928,
        //   duration 64.13928 ms, concurrency 1.924178; reads 80.973 + 3 unrouted.
        RouterLoad load = CapacityModel.load(CapacityInputs.builder(100).build(), 300, 10);
        assertThat(load.routeMissRatio()).isCloseTo(0.272636, within(1e-5));
        assertThat(load.durationMillis()).isCloseTo(64.13928, within(1e-4));
        assertThat(load.concurrency()).isCloseTo(1.924178, within(1e-5));
        assertThat(load.routeReadsPerSecond()).isCloseTo(83.973, within(1e-3));
    }

    @Test
    void load_whenBatchExceedsRecordConcurrency_waitsForEveryWave() {
        // 10 records, 4 at a time: ceil(10 / 4) = 3 waves × 53 ms + 6 + 11 = 176 ms
        RouterLoad load = CapacityModel.load(plain(100).recordConcurrency(4).build(), 300, 10);
        assertThat(load.durationMillis()).isCloseTo(176, within(1e-9));
    }

    @Test
    void costs_whenHundredScansPerSecondWithFullBatches_pricesEveryServiceByTheBook() {
        List<CostLine> costs = CapacityModel.costs(plain(100).build(), 10);
        // 100 scans/s × 2,628,000 s (730 h) = 262.8 M scans a month
        // API: 262.8 M < 333 M, first tier $3.50/M → $919.80, $3.50 per million scans
        assertThat(cost(costs, "API Gateway (REST)").usdPerMonth()).isCloseTo(919.80, within(1e-6));
        assertThat(cost(costs, "API Gateway (REST)").usdPerMillionScans()).isCloseTo(3.50, within(1e-9));
        // SQS: (256 + 200) bytes → 1 chunk per send; 10 × 456 bytes → 1 chunk per receive;
        //   262.8 M sends + 26.28 M receives + 26.28 M deletes + 0.657 M idle polls = 316.017 M × $0.40/M = $126.4068
        assertThat(cost(costs, "SQS").usdPerMonth()).isCloseTo(126.4068, within(1e-6));
        // Lambda: 26.28 M requests × $0.20/M = $5.256; 26.28 M × 0.070 s × 1 GB = 1,839,600 GB-s × $0.0000133334
        //   = $24.52812 → $29.78412
        assertThat(cost(costs, "Lambda (arm64)").usdPerMonth()).isCloseTo(29.78412, within(1e-4));
        // DynamoDB: 525.6 M writes × $0.625/M = $328.50 + 262.8 M reads × $0.125/M = $32.85 → $361.35
        assertThat(cost(costs, "DynamoDB (on-demand)").usdPerMonth()).isCloseTo(361.35, within(1e-6));
        // IoT: 256 + 40 + 110 = 406 bytes → one 5 KB message; publish + 1 delivery = 525.6 M × $1/M = $525.60
        assertThat(cost(costs, "IoT Core messaging").usdPerMonth()).isCloseTo(525.60, within(1e-6));
        // Logs: 800 + 600 + 1500 + 2000 / 10 = 3,100 bytes per scan × 262.8 M = 814.68 GB (10^9) = 758.73 GiB
        //   × $0.50 = $379.364
        assertThat(cost(costs, "CloudWatch Logs ingestion").usdPerMonth())
                .isCloseTo(262.8e6 * 3_100 / (1024.0 * 1024 * 1024) * 0.50, within(1e-6));
        // X-Ray: sampled(100) = 1 + 0.05 × 99 = 5.95/s, sampled(10 invocations/s) = 1.45/s → 7.4 × 2,628,000
        //   = 19.4472 M traces × $5/M = $97.236
        assertThat(cost(costs, "X-Ray").usdPerMonth()).isCloseTo(97.236, within(1e-6));
        // WAF: 262.8 M × $0.60/M + $5 + 5 × $1 = $167.68
        assertThat(cost(costs, "WAF").usdPerMonth()).isCloseTo(167.68, within(1e-6));
    }

    @Test
    void costs_whenOneRecordPerInvocation_paysMoreForLambdaAndSqsOnly() {
        CapacityInputs in = plain(100).build();
        List<CostLine> full = CapacityModel.costs(in, 10);
        List<CostLine> single = CapacityModel.costs(in, 1);
        // one record: duration 53 + 6 + 1.1 = 60.1 ms, 262.8 M invocations: $52.56 requests
        //   + 262.8 M × 0.0601 s × 1 GB = 15,794,280 GB-s × $0.0000133334 = $210.5914 → $263.1514
        assertThat(cost(single, "Lambda (arm64)").usdPerMonth()).isCloseTo(263.1514, within(1e-3));
        assertThat(cost(single, "SQS").usdPerMillionScans())
                .isGreaterThan(cost(full, "SQS").usdPerMillionScans());
        assertThat(cost(single, "API Gateway (REST)").usdPerMonth())
                .isEqualTo(cost(full, "API Gateway (REST)").usdPerMonth());
        assertThat(cost(single, "IoT Core messaging").usdPerMonth())
                .isEqualTo(cost(full, "IoT Core messaging").usdPerMonth());
    }

    @Test
    void recommendProd_whenDefaultQuotas_derivesTheSettingsFromTheLargestRoundTargetTheyCarry() {
        ProdRecommendation prod = CapacityModel.recommendProd(plain(1).build());
        // new idempotency table: 2 writes × 3 × N × 1.5 ≤ 4,000 → N ≤ 444.4; every other quota carries more
        // (API: 3N × 1.5 ≤ 10,000 → N ≤ 2,222); round down → 400 scans/s, peak 1,200/s
        assertThat(prod.largestCarriedScansPerSecond()).isCloseTo(4_000 / 9.0, within(0.01));
        assertThat(prod.designScansPerSecond()).isEqualTo(400);
        assertThat(prod.peakScansPerSecond()).isEqualTo(1_200);
        // API: 1,200 × 1.5 = 1,800 requests/s, burst 2 × 1,800 = 3,600 (under the account's 5,000)
        assertThat(prod.apiRateLimit()).isEqualTo(1_800);
        assertThat(prod.apiBurstLimit()).isEqualTo(3_600);
        // WAF: 1,200 / 20 IPs × 300 s × 1.5 = 27,000 per IP per 5 min
        assertThat(prod.wafRequestsPerIpPerFiveMinutes()).isEqualTo(27_000);
        // event source: 120 invocations/s × 0.070 s = 8.4 concurrent × 1.5 = 12.6 → 13
        assertThat(prod.maxConcurrency()).isEqualTo(13);
        // drain with full batches: 13 × 10 records / 0.070 s = 1,857 records/s → 3,714 WRU/s, under 4,000
        assertThat(prod.drainRecordsPerSecond()).isCloseTo(13 * 10 / 0.070, within(1e-6));
        assertThat(prod.bindingAboveCarried().measure()).isEqualTo("write units/s (new table)");
    }

    @Test
    void recommendProd_whenTablesAreWarm_theApiThrottleBindsAndBurstStaysAtLeastTheRate() {
        ProdRecommendation prod =
                CapacityModel.recommendProd(plain(1).newTables(false).build());
        // API: 3N × 1.5 ≤ 10,000 → N ≤ 2,222; round down → 2,000, peak 6,000, rate 9,000
        assertThat(prod.bindingAboveCarried().part()).isEqualTo("API Gateway");
        assertThat(prod.designScansPerSecond()).isEqualTo(2_000);
        assertThat(prod.apiRateLimit()).isEqualTo(9_000);
        // 2 × 9,000 exceeds the account burst of 5,000, but a stage's burst is at least its rate
        assertThat(prod.apiBurstLimit()).isEqualTo(9_000);
    }

    @Test
    void recommendProd_whenNoInputsGiven_usesTheDefaultInputs() {
        ProdRecommendation prod = CapacityModel.recommendProd();
        assertThat(prod.designScansPerSecond()).isEqualTo(400);
        assertThat(prod.apiBurstLimit()).isGreaterThanOrEqualTo((int) prod.apiRateLimit());
        assertThat(prod.maxConcurrency()).isBetween(2, 1_000);
        assertThat(prod.toMarkdown()).contains("Design target: 400 scans/s", "| 1800 / 3600 |", "| 27000 |");
    }

    @Test
    void roundDown_whenBetweenSteps_takesTheLowerRoundNumber() {
        assertThat(CapacityModel.roundDown(444.4)).isEqualTo(400);
        assertThat(CapacityModel.roundDown(2_222)).isEqualTo(2_000);
        assertThat(CapacityModel.roundDown(2_600)).isEqualTo(2_500);
        assertThat(CapacityModel.roundDown(0.97)).isCloseTo(0.8, within(1e-12));
        assertThat(CapacityModel.roundDown(1_000)).isEqualTo(1_000);
    }

    @Test
    void sampledPerSecond_whenBelowOnePerSecond_recordsEveryRequest() {
        assertThat(CapacityModel.sampledPerSecond(0.5)).isEqualTo(0.5);
        assertThat(CapacityModel.sampledPerSecond(21)).isCloseTo(2, within(1e-12));
    }
}
