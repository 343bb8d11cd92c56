package com.qrrouter.e2e.pact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.qrrouter.local.LocalStack;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The API pacts against the local stack's API front (every build). A scan the pacts post for a client without a
 * route is parked by the router; afterwards it is checked in the DLQ ({@code UNKNOWN_CLIENT}) and deleted, so the
 * suite's other DLQ tests do not meet it.
 */
@Provider(PactContract.API_PROVIDER)
@PactFolder(PactContract.PACT_FOLDER)
@PactBrokerWhenConfigured
class PactApiIT extends ApiPactVerification {

    @Override
    ProviderStage stage() {
        return ProviderStage.local();
    }

    @State(PactContract.LISTS_ERROR_CODES)
    void listsErrorCodes() {
        // The local API front always validates with QrMessageSchema and lists the violations (docs/local-stack.md).
    }

    @AfterAll
    static void unroutedScanIsParked() {
        LocalStack stack = ProviderStage.local().localStack();
        String dlq = stack.queues().deadLetterQueueUrl();
        Message parked = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> stack
                                .sqs()
                                .client()
                                .receiveMessage(b -> b.queueUrl(dlq)
                                        .maxNumberOfMessages(10)
                                        .waitTimeSeconds(1)
                                        .visibilityTimeout(0)
                                        .messageAttributeNames("All"))
                                .messages()
                                .stream()
                                .filter(PactApiIT::isUnroutedScan)
                                .findFirst()
                                .orElse(null),
                        message -> message != null);
        assertThat(parked.messageAttributes()
                        .get(MessageAttributes.FAILURE_CODE)
                        .stringValue())
                .isEqualTo("UNKNOWN_CLIENT");
        stack.sqs().client().deleteMessage(b -> b.queueUrl(dlq).receiptHandle(parked.receiptHandle()));
    }

    private static boolean isUnroutedScan(Message message) {
        var clientId = message.messageAttributes().get(MessageAttributes.CLIENT_ID);
        return clientId != null && PactScanPosterApiTest.UNROUTED_CLIENT.equals(clientId.stringValue());
    }
}
