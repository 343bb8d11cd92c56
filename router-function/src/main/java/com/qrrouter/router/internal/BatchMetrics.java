package com.qrrouter.router.internal;

import com.qrrouter.router.BatchCounts;
import com.qrrouter.router.FailureCode;
import com.qrrouter.router.RetryReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Counts the outcomes of one batch from many threads, then writes them once as CloudWatch EMF metrics through
 * Powertools: {@code Published}, {@code Duplicate}, {@code Parked} and {@code Retried} in total, and {@code Parked}
 * per {@code FailureCode} and {@code Retried} per {@code RetryReason} as separate dimension sets.
 */
public final class BatchMetrics implements BatchCounts {

    public static final String PUBLISHED = "Published";
    public static final String DUPLICATE = "Duplicate";
    public static final String PARKED = "Parked";
    public static final String RETRIED = "Retried";
    public static final String FAILURE_CODE_DIMENSION = "FailureCode";
    public static final String RETRY_REASON_DIMENSION = "RetryReason";

    private final LongAdder published = new LongAdder();
    private final LongAdder duplicate = new LongAdder();
    private final Map<FailureCode, LongAdder> parked = new EnumMap<>(FailureCode.class);
    private final Map<RetryReason, LongAdder> retried = new EnumMap<>(RetryReason.class);

    public BatchMetrics() {
        for (FailureCode code : FailureCode.values()) {
            parked.put(code, new LongAdder());
        }
        for (RetryReason reason : RetryReason.values()) {
            retried.put(reason, new LongAdder());
        }
    }

    public void recordPublished() {
        published.increment();
    }

    public void recordDuplicate() {
        duplicate.increment();
    }

    public void recordParked(FailureCode code) {
        parked.get(code).increment();
    }

    public void recordRetried(RetryReason reason) {
        retried.get(reason).increment();
    }

    @Override
    public long published() {
        return published.sum();
    }

    @Override
    public long duplicates() {
        return duplicate.sum();
    }

    @Override
    public long parked(FailureCode code) {
        return parked.get(code).sum();
    }

    @Override
    public long retried(RetryReason reason) {
        return retried.get(reason).sum();
    }

    @Override
    public long parkedTotal() {
        return parked.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public long retriedTotal() {
        return retried.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /**
     * Writes the counts as EMF; zero counts of a dimension value are left out. Per-reason documents carry exactly one
     * dimension set (the default dimensions, e.g. {@code Service}, plus the reason), so that the totals by
     * {@code Service} alone are not counted twice.
     */
    public void writeTo(Metrics metrics) {
        write(this, metrics);
    }

    /** Writes any batch's counts as EMF, as {@link #writeTo} does. */
    public static void write(BatchCounts counts, Metrics metrics) {
        DimensionSet defaults = metrics.getDefaultDimensions();
        for (FailureCode code : FailureCode.values()) {
            writeByReason(metrics, defaults, FAILURE_CODE_DIMENSION, code.name(), PARKED, counts.parked(code));
        }
        for (RetryReason reason : RetryReason.values()) {
            writeByReason(metrics, defaults, RETRY_REASON_DIMENSION, reason.name(), RETRIED, counts.retried(reason));
        }
        metrics.addMetric(PUBLISHED, counts.published(), MetricUnit.COUNT);
        metrics.addMetric(DUPLICATE, counts.duplicates(), MetricUnit.COUNT);
        metrics.addMetric(PARKED, counts.parkedTotal(), MetricUnit.COUNT);
        metrics.addMetric(RETRIED, counts.retriedTotal(), MetricUnit.COUNT);
        metrics.flush();
    }

    private static void writeByReason(
            Metrics metrics, DimensionSet defaults, String dimension, String value, String metric, long count) {
        if (count == 0) {
            return;
        }
        metrics.flushMetrics(separate -> {
            DimensionSet dimensions = new DimensionSet();
            if (defaults != null) {
                defaults.getDimensions().forEach(dimensions::addDimension);
            }
            dimensions.addDimension(dimension, value);
            separate.clearDefaultDimensions();
            separate.addDimension(dimensions);
            separate.addMetric(metric, count, MetricUnit.COUNT);
        });
    }
}
