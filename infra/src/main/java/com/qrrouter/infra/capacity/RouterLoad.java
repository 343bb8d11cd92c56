package com.qrrouter.infra.capacity;

/**
 * The router's work at one rate of records: how long a batch takes and how many run at once.
 *
 * <p>Duration of one invocation (the shape of the router benchmark, docs/performance.md):
 *
 * <pre>
 * duration = ceil(recordsPerInvocation ÷ recordConcurrency) × ioPath + batchOverhead + perRecordCpu × recordsPerInvocation
 * ioPath   = (1 − unrouted) × (claim write + missRatio × route read + publish + complete write)
 *          +      unrouted × (claim write + route read + DLQ send + release write)
 * </pre>
 *
 * The records of a batch run {@code recordConcurrency} at a time, so a batch of up to that many records waits for one
 * record's calls (the I/O path) once; the CPU terms were fitted to the benchmark's batches of 1, 10 and 100 records
 * (23.0, 33.3 and 298 ms with 4 ms per DynamoDB call and 8 ms per publish: 6 ms per invocation, 1.1 ms per record;
 * the fit gives 277 ms for the batch of 100, 7 % under the measurement).
 *
 * @param recordsPerSecond records handled per second
 * @param recordsPerInvocation records one invocation carries
 * @param routeMissRatio share of routed records whose route is not in the invocation's cache
 * @param ioPathMillis the calls of one record, in sequence, in milliseconds
 * @param durationMillis one invocation, in milliseconds
 * @param invocationsPerSecond invocations per second
 * @param concurrency invocations in flight at once (invocations/s × duration)
 * @param routeReadsPerSecond route reads per second (cache misses of routed records plus every unrouted record)
 * @param writesPerSecond idempotency writes per second (two per record)
 */
public record RouterLoad(
        double recordsPerSecond,
        double recordsPerInvocation,
        double routeMissRatio,
        double ioPathMillis,
        double durationMillis,
        double invocationsPerSecond,
        double concurrency,
        double routeReadsPerSecond,
        double writesPerSecond) {

    /** Records one unit of concurrency handles per second: {@code recordsPerInvocation ÷ duration}. */
    public double recordsPerSecondPerConcurrency() {
        return recordsPerInvocation / (durationMillis / 1000.0);
    }
}
