package com.qrrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.local.LocalStack;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The parts of the deployed target that talk to AWS, against local endpoints: route seeding and clean-up on DynamoDB
 * Local, DLQ find, delete and redrive on ElasticMQ (queues of its own, which no router polls), and the client secret
 * lookup against a stub of Cognito's {@code DescribeUserPoolClient}.
 */
class DeployedTargetPartsIT {

    private final LocalStack stack = LocalStage.shared().stack();

    @Test
    void dynamoDbRoutes_whenPutThenDeleted_leaveNoRouteBehind() {
        DynamoDbRoutes routes =
                new DynamoDbRoutes(stack.dynamoDb().client(), stack.routesTable(), LocalStack.DEMO_TEAM);
        String clientId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

        routes.put(clientId, "qr-router/local/e2e/" + clientId);
        assertThat(routes.topicOf(clientId)).isEqualTo("qr-router/local/e2e/" + clientId);
        routes.delete(clientId);

        assertThat(routes.topicOf(clientId)).isNull();
        assertThat(routes.topicOf(com.qrrouter.local.LocalStack.SEED_CLIENT_ID))
                .as("others' routes")
                .isNotNull();
    }

    @Test
    void deadLetters_whenFindingByAttribute_takeOnlyTheirOwnAndRedriveItWithoutTheReasonAttributes() {
        SqsClient sqs = stack.sqs().client();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String queueUrl = stack.sqs().createQueue("e2e-parts-" + suffix);
        String deadLetterQueueUrl = stack.sqs().createQueue("e2e-parts-dlq-" + suffix);
        park(sqs, deadLetterQueueUrl, "someone-else", "{\"other\":1}");
        park(sqs, deadLetterQueueUrl, "e2e-mine", "{\"mine\":1}");
        park(sqs, deadLetterQueueUrl, "someone-else-2", "{\"other\":2}");
        DeadLetters deadLetters = new DeadLetters(sqs, queueUrl, deadLetterQueueUrl);

        Message mine =
                deadLetters.find(MessageAttributes.CLIENT_ID, "e2e-mine", 30).orElseThrow();
        assertThat(deadLetters.find(MessageAttributes.CLIENT_ID, "nobody", 30)).isEmpty();
        String redriven = deadLetters.redrive(mine);

        assertThat(mine.body()).isEqualTo("{\"mine\":1}");
        List<Message> sent = receiveAll(sqs, queueUrl);
        assertThat(sent).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo(redriven);
            assertThat(message.body()).isEqualTo("{\"mine\":1}");
            assertThat(message.messageAttributes())
                    .containsKeys(MessageAttributes.CLIENT_ID, MessageAttributes.CORRELATION_ID)
                    .doesNotContainKeys(
                            MessageAttributes.FAILURE_CODE,
                            MessageAttributes.FAILURE_MESSAGE,
                            MessageAttributes.ORIGINAL_MESSAGE_ID);
        });
        assertThat(receiveAll(sqs, deadLetterQueueUrl))
                .as("the others stay in the DLQ, visible")
                .extracting(Message::body)
                .containsExactlyInAnyOrder("{\"other\":1}", "{\"other\":2}");
    }

    @Test
    void deadLetters_whenDeleting_removeOnlyTheMessageFound() {
        SqsClient sqs = stack.sqs().client();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String deadLetterQueueUrl = stack.sqs().createQueue("e2e-parts-del-" + suffix);
        park(sqs, deadLetterQueueUrl, "e2e-mine", "{\"mine\":1}");
        park(sqs, deadLetterQueueUrl, "someone-else", "{\"other\":1}");
        DeadLetters deadLetters = new DeadLetters(sqs, "unused", deadLetterQueueUrl);

        deadLetters.delete(
                deadLetters.find(MessageAttributes.CLIENT_ID, "e2e-mine", 30).orElseThrow());

        assertThat(receiveAll(sqs, deadLetterQueueUrl))
                .extracting(Message::body)
                .containsExactly("{\"other\":1}");
    }

    @Test
    void cognitoClientSecret_whenDescribed_sendsDescribeUserPoolClientAndReadsTheSecret() throws IOException {
        AtomicReference<String> target = new AtomicReference<>();
        AtomicReference<String> request = new AtomicReference<>();
        HttpServer cognito = stubCognito(
                "{\"UserPoolClient\":{\"ClientId\":\"client123\",\"UserPoolId\":\"eu-west-1_AbC\","
                        + "\"ClientSecret\":\"s3cret-from-cognito\"}}",
                target,
                request);
        try (CognitoIdentityProviderClient client = cognitoClient(cognito)) {
            String secret = CognitoClientSecret.describe(client, "eu-west-1_AbC", "client123");

            assertThat(secret).isEqualTo("s3cret-from-cognito");
            assertThat(target.get()).isEqualTo("AWSCognitoIdentityProviderService.DescribeUserPoolClient");
            assertThat(request.get()).contains("\"UserPoolId\":\"eu-west-1_AbC\"", "\"ClientId\":\"client123\"");
        } finally {
            cognito.stop(0);
        }
    }

    @Test
    void cognitoClientSecret_whenClientHasNoSecret_saysItIsNotTheIntegrationClient() throws IOException {
        HttpServer cognito = stubCognito(
                "{\"UserPoolClient\":{\"ClientId\":\"public\",\"UserPoolId\":\"eu-west-1_AbC\"}}",
                new AtomicReference<>(),
                new AtomicReference<>());
        try (CognitoIdentityProviderClient client = cognitoClient(cognito)) {
            assertThatThrownBy(() -> CognitoClientSecret.describe(client, "eu-west-1_AbC", "public"))
                    .hasMessageContaining("TeamClientIds output");
        } finally {
            cognito.stop(0);
        }
    }

    private static void park(SqsClient sqs, String queueUrl, String clientId, String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(body)
                .messageAttributes(Map.of(
                        MessageAttributes.CLIENT_ID, text(clientId),
                        MessageAttributes.CORRELATION_ID, text("request-" + clientId),
                        MessageAttributes.FAILURE_CODE, text("UNKNOWN_CLIENT"),
                        MessageAttributes.FAILURE_MESSAGE, text("No route for the ClientID"),
                        MessageAttributes.ORIGINAL_MESSAGE_ID, text("original-" + clientId))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }

    private static List<Message> receiveAll(SqsClient sqs, String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .visibilityTimeout(30)
                        .messageAttributeNames("All"))
                .messages();
    }

    private static HttpServer stubCognito(
            String answer, AtomicReference<String> target, AtomicReference<String> request) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            target.set(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            request.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static CognitoIdentityProviderClient cognitoClient(HttpServer server) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }
}
