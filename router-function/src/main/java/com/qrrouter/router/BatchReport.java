package com.qrrouter.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.util.Objects;

/**
 * Result of one batch.
 *
 * @param response the partial batch response for SQS: exactly the records that were neither delivered nor parked
 * @param metrics what the records came to, counted
 */
public record BatchReport(SQSBatchResponse response, BatchCounts metrics) {

    public BatchReport {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(metrics, "metrics");
    }
}
