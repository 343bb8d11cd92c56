package com.qrrouter.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The partial batch response read as Lambda's SQS event source reads it ("Handling errors for an SQS event source"). */
class SqsEventsTest {

    private static final Set<String> BATCH = Set.of("m1", "m2");

    @Test
    void batchResponse_whenItNamesIdsOfTheBatch_failsThoseOnly() {
        SqsEvents.BatchResponse response =
                SqsEvents.batchResponse("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", BATCH);

        assertThat(response.valid()).isTrue();
        assertThat(response.failedIds()).containsExactly("m2");
    }

    @Test
    void batchResponse_whenEmptyNullOrWithoutFailures_isACompleteSuccess() {
        for (String answer :
                new String[] {null, "", "null", "{}", "{\"batchItemFailures\":null}", "{\"batchItemFailures\":[]}"}) {
            SqsEvents.BatchResponse response = SqsEvents.batchResponse(answer, BATCH);

            assertThat(response.valid()).as(answer).isTrue();
            assertThat(response.failedIds()).as(answer).isEmpty();
        }
    }

    @Test
    void batchResponse_whenInvalid_isACompleteFailure() {
        for (String answer : new String[] {
            "not json",
            "{\"batchItemFailures\":[{\"itemIdentifier\":\"elsewhere\"}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
            "{\"batchItemFailures\":[{\"itemId\":\"m1\"}]}",
            "{\"batchItemFailures\":\"m1\"}"
        }) {
            SqsEvents.BatchResponse response = SqsEvents.batchResponse(answer, BATCH);

            assertThat(response.valid()).as(answer).isFalse();
            assertThat(response.invalidReason()).as(answer).isNotBlank();
        }
    }
}
