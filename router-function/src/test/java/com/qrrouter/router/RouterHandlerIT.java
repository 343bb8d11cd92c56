package com.qrrouter.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import com.qrrouter.local.runtime.LocalLambdaContext;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.router.internal.AwsClients;
import com.qrrouter.settings.RouterEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Lambda handler in-process: SnapStart priming publishes nothing; an invocation routes and answers SQS. */
class RouterHandlerIT {

    static DynamoDbEmulator dynamoDb;
    static LocalSqs sqs;
    static IotDataPlaneEndpoint iot;
    static RouterHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbEmulator.start().createRoutesTable("routes").createIdempotencyTable("idempotency");
        dynamoDb.putRoute("routes", "DemoClient", "qr-router/handler/MyTopic", java.util.Set.of(SqsEvents.DEMO_TEAM));
        sqs = LocalSqs.start();
        iot = IotDataPlaneEndpoint.start(null);
        RouterSettings settings = RouterSettings.fromEnvironment(RouterEnvironment.builder()
                .routesTableName("routes")
                .idempotencyTableName("idempotency")
                .deadLetterQueueUrl(sqs.createQueue("handler-dlq"))
                .sourceQueueUrl(sqs.createQueue("handler"))
                .topicPrefix("qr-router/handler/")
                .iotDataEndpoint(iot.uri().toString())
                .build());
        handler = new RouterHandler(
                settings,
                AwsClients.create(
                        settings,
                        new AwsOverrides(dynamoDb.endpoint(), sqs.endpoint(), LocalAws.REGION, LocalAws.CREDENTIALS)));
    }

    @AfterAll
    static void stop() {
        iot.close();
        sqs.close();
        dynamoDb.close();
    }

    @Test
    void prime_whenCalled_readsButPublishesNothing() {
        iot.reset();
        handler.prime();
        handler.beforeCheckpoint(null);

        assertThat(iot.requests()).isZero();
        assertThat(sqs.receive(sqs.client()
                        .getQueueUrl(b -> b.queueName("handler-dlq"))
                        .queueUrl()))
                .isEmpty();
    }

    @Test
    void handleRequest_whenBatchIsRoutable_routesItAndAnswersWithNoFailures() {
        SQSBatchResponse response = handler.handleRequest(
                SqsEvents.load("events/batch-of-ten.json"),
                LocalLambdaContext.create("handler-it", Duration.ofSeconds(30)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(iot.publishes()).hasSize(10);
    }
}
