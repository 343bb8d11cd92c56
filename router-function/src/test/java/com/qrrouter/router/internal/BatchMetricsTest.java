package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.qrrouter.router.FailureCode;
import com.qrrouter.router.RetryReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

class BatchMetricsTest {

    /** One flushed EMF document: its extra dimensions and metric values. */
    record Flushed(Map<String, String> dimensions, Map<String, Double> values) {}

    /** Records what would be written as EMF. */
    static final class RecordingMetrics implements Metrics {
        final List<Flushed> flushed = new ArrayList<>();
        private Map<String, String> dimensions = new LinkedHashMap<>();
        private Map<String, Double> values = new LinkedHashMap<>();

        @Override
        public void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
            values.merge(key, value, Double::sum);
        }

        @Override
        public void addDimension(DimensionSet dimensionSet) {
            dimensions.putAll(dimensionSet.getDimensions());
        }

        @Override
        public void flush() {
            flushed.add(new Flushed(dimensions, values));
            dimensions = new LinkedHashMap<>();
            values = new LinkedHashMap<>();
        }

        @Override
        public void flushMetrics(Consumer<Metrics> metricsConsumer) {
            RecordingMetrics separate = new RecordingMetrics();
            metricsConsumer.accept(separate);
            separate.flush();
            flushed.addAll(separate.flushed);
        }

        @Override
        public void setTimestamp(Instant timestamp) {}

        @Override
        public void addMetadata(String key, Object value) {}

        @Override
        public void setDefaultDimensions(DimensionSet dimensionSet) {}

        @Override
        public DimensionSet getDefaultDimensions() {
            return new DimensionSet();
        }

        @Override
        public void setNamespace(String namespace) {}

        @Override
        public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {}

        @Override
        public void clearDefaultDimensions() {}

        @Override
        public void captureColdStartMetric(Context context, DimensionSet dimensions) {}

        @Override
        public void captureColdStartMetric(DimensionSet dimensions) {}
    }

    @Test
    void writeTo_whenCountsRecorded_writesTotalsAndOneDocumentPerFailureCodeAndRetryReason() {
        BatchMetrics counts = new BatchMetrics();
        counts.recordPublished();
        counts.recordPublished();
        counts.recordDuplicate();
        counts.recordParked(FailureCode.UNKNOWN_CLIENT);
        counts.recordParked(FailureCode.UNKNOWN_CLIENT);
        counts.recordParked(FailureCode.SCHEMA_VIOLATION);
        counts.recordRetried(RetryReason.THROTTLED);
        RecordingMetrics metrics = new RecordingMetrics();

        counts.writeTo(metrics);

        assertThat(metrics.flushed)
                .contains(
                        new Flushed(Map.of("FailureCode", "UNKNOWN_CLIENT"), Map.of("Parked", 2.0)),
                        new Flushed(Map.of("FailureCode", "SCHEMA_VIOLATION"), Map.of("Parked", 1.0)),
                        new Flushed(Map.of("RetryReason", "THROTTLED"), Map.of("Retried", 1.0)),
                        new Flushed(
                                Map.of(), Map.of("Published", 2.0, "Duplicate", 1.0, "Parked", 3.0, "Retried", 1.0)))
                .hasSize(4);
    }
}
