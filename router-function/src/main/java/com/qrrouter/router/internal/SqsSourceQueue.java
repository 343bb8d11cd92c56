package com.qrrouter.router.internal;

import com.qrrouter.router.SourceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

/**
 * The source queue on SQS: changes the visibility of retried records with {@code ChangeMessageVisibilityBatch} (the
 * batch form of {@code ChangeMessageVisibility}: one call for up to ten records, the size of a batch).
 */
public final class SqsSourceQueue implements SourceQueue {

    /** Most entries SQS takes in one batch call. */
    public static final int MAX_BATCH_ENTRIES = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSourceQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public List<String> delayRedelivery(List<Redelivery> redeliveries) {
        if (redeliveries.size() > MAX_BATCH_ENTRIES) {
            throw new IllegalArgumentException("At most " + MAX_BATCH_ENTRIES + " records per call, got "
                    + redeliveries.size() + ": split them (SqsBatchRouter does).");
        }
        if (redeliveries.isEmpty()) {
            return List.of();
        }
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(redeliveries.size());
        for (int i = 0; i < redeliveries.size(); i++) {
            Redelivery redelivery = redeliveries.get(i);
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(redelivery.receiptHandle())
                    .visibilityTimeout((int) redelivery.delay().toSeconds())
                    .build());
        }
        ChangeMessageVisibilityBatchResponse response =
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        List<String> failed = new ArrayList<>();
        if (response.hasFailed()) {
            for (BatchResultErrorEntry error : response.failed()) {
                failed.add(redeliveries.get(Integer.parseInt(error.id())).messageId());
            }
        }
        return failed;
    }
}
