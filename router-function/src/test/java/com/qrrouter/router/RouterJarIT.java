package com.qrrouter.router;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.event;
import static com.qrrouter.router.fakes.SqsEvents.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.DynamoDbEmulator;
import com.qrrouter.local.EmbeddedMqttBroker;
import com.qrrouter.local.IotDataPlaneEndpoint;
import com.qrrouter.local.LocalAws;
import com.qrrouter.local.LocalSqs;
import com.qrrouter.local.MqttSubscriber;
import com.qrrouter.local.runtime.RouterJvm;
import com.qrrouter.local.runtime.RouterJvmException;
import com.qrrouter.local.runtime.SqsEvents;
import com.qrrouter.router.testing.DeployableJar;
import com.qrrouter.settings.PipelineSettings.MessageAttributes;
import com.qrrouter.settings.RouterEnvironment;
import com.qrrouter.settings.RouterVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployable jar ({@code target/router-function.jar}) run by its Lambda handler in a fresh JVM under AWS's runtime
 * interface client, as the local stack runs it ({@code RouterJvm}: the stack's Runtime API on loopback, SQS's JSON
 * event), configured only through the environment variables {@code infra/} sets, against the local stand-ins.
 */
class RouterJarIT {

    static final String PREFIX = "qr-router/jar/";

    static DynamoDbEmulator dynamoDb;
    static LocalSqs sqs;
    static EmbeddedMqttBroker broker;
    static IotDataPlaneEndpoint iot;
    static String deadLetterQueueUrl;

    @BeforeAll
    static void startLocalStack() {
        dynamoDb = DynamoDbEmulator.start().createRoutesTable("routes").createIdempotencyTable("idempotency");
        dynamoDb.putRoute("routes", "DemoClient", PREFIX + "MyTopic", java.util.Set.of("demo-team"));
        sqs = LocalSqs.start();
        deadLetterQueueUrl = sqs.createQueue("jar-dlq");
        broker = EmbeddedMqttBroker.start();
        iot = IotDataPlaneEndpoint.start(broker);
    }

    @AfterAll
    static void stop() {
        iot.close();
        broker.close();
        sqs.close();
        dynamoDb.close();
    }

    static Map<String, String> lambdaEnvironment() {
        Map<String, String> env = LocalAws.lambdaEnvironment("qr-router-jar-it", dynamoDb.endpoint(), sqs.endpoint());
        env.putAll(RouterEnvironment.builder()
                .routesTableName("routes")
                .idempotencyTableName("idempotency")
                .deadLetterQueueUrl(deadLetterQueueUrl)
                .sourceQueueUrl(deadLetterQueueUrl.replace("-dlq", ""))
                .topicPrefix(PREFIX)
                .iotDataEndpoint(iot.uri().toString())
                .build());
        return env;
    }

    @Test
    void handler_whenRunInAFreshJvm_routesABatchAndLogsJsonWithCorrelationIdAndWithoutQrCodes() throws Exception {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(record("jar-" + i, body("DemoClient", "jar-secret-" + i), "req-jar-" + i, "DemoClient"));
        }
        records.add(record("jar-unknown", body("Nobody", "jar-secret-x"), "req-jar-x", "Nobody"));
        // Kept for troubleshooting: what the function printed (JSON logs and EMF metrics).
        Path outputFile = Path.of("target", "router-jar-it-output.log");

        try (MqttSubscriber device = MqttSubscriber.subscribe(broker, PREFIX + "#")) {
            RouterJvm jvm = DeployableJar.launcher()
                    .environment(lambdaEnvironment())
                    .output(outputFile)
                    .start();
            List<String> failures;
            int exitCode;
            try {
                failures = DeployableJar.invoke(jvm, event(records));
            } finally {
                exitCode = jvm.stop();
            }
            String output = Files.readString(outputFile);

            assertThat(exitCode)
                    .as("ended by SIGTERM, as the stack ends it: " + output)
                    .isEqualTo(143);
            assertThat(failures).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> device.received().size() == 10);
            assertThat(output)
                    .contains("\"correlation_id\":\"req-jar-3\"")
                    .contains("\"service\":\"qr-router\"")
                    .contains("\"outcome\":\"PUBLISHED\"")
                    .contains("\"receiveCount\":1")
                    .contains("\"failureCode\":\"UNKNOWN_CLIENT\"")
                    .contains("\"_aws\"")
                    // EMF: totals by Service, per-reason documents by Service and FailureCode together.
                    .contains("\"Published\":10.0")
                    .contains("\"cold_start\":true")
                    .contains("\"ColdStart\":1.0")
                    .containsPattern(
                            "\"Dimensions\":\\[\\[\"Service\",\"FailureCode\"]][^\\n]*\"FailureCode\":\"UNKNOWN_CLIENT\",\"Parked\":1.0")
                    .doesNotContain("jar-secret")
                    // Worker threads log with the invocation's Lambda fields, not only the handler thread.
                    .containsPattern("\"message\":\"Record published[^\\n]*\"function_request_id\":\"[0-9a-f-]{36}\"");
            assertThat(sqs.receive(deadLetterQueueUrl)).hasSize(1);
        }
    }

    @Test
    void handler_whenGivenTheLambdaGuidesSampleSqsEvent_parksBothRecordsAsMalformedJson() throws Exception {
        // The two-record sample of the Lambda developer guide ("Using Lambda with Amazon SQS"), byte for byte as the
        // guide prints it: Lambda's own Java runtime reads it, the router parks its non-JSON bodies.
        String sample = Files.readString(Path.of("src", "test", "resources", "events", "lambda-guide-sqs-sample.json"));
        String sampleDeadLetterQueueUrl = sqs.createQueue("jar-sample-dlq");
        Map<String, String> env = lambdaEnvironment();
        env.put(RouterVariable.DEAD_LETTER_QUEUE_URL.name(), sampleDeadLetterQueueUrl);
        Path outputFile = Path.of("target", "router-jar-it-sample-output.log");

        String answer;
        try (RouterJvm jvm =
                DeployableJar.launcher().environment(env).output(outputFile).start()) {
            answer = jvm.invoke(sample);
        }

        assertThat(answer).as(Files.readString(outputFile)).contains("\"batchItemFailures\":[]");
        SqsEvents.BatchResponse response = SqsEvents.batchResponse(
                answer, Set.of("059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da"));
        assertThat(response.valid()).isTrue();
        assertThat(response.failedIds()).isEmpty();
        List<Message> parked = sqs.receive(sampleDeadLetterQueueUrl);
        assertThat(parked).hasSize(2).allSatisfy(message -> {
            assertThat(message.body()).isEqualTo("Test message.");
            assertThat(message.messageAttributes()
                            .get(MessageAttributes.FAILURE_CODE)
                            .stringValue())
                    .isEqualTo("MALFORMED_JSON");
        });
    }

    @Test
    void jar_whenPackaged_holdsOneHttpClientAndNoAspectJ() throws Exception {
        try (java.util.jar.JarFile jar =
                new java.util.jar.JarFile(DeployableJar.path().toFile())) {
            List<String> entries = jar.stream().map(JarEntry::getName).toList();

            assertThat(entries)
                    .contains(
                            "com/qrrouter/router/RouterHandler.class",
                            "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                            "log4j2.xml",
                            "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat")
                    .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/nio/netty/"))
                    .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache/"))
                    .noneMatch(name -> name.startsWith("io/netty/"))
                    .noneMatch(name -> name.startsWith("org/aspectj/"))
                    .noneMatch(name -> name.endsWith("log4j2-test.xml"));
        }
    }

    @Test
    void handler_whenSettingsMissing_failsAtStartNamingEveryVariable(@TempDir Path dir) throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.remove(RouterVariable.ROUTES_TABLE_NAME.name());
        env.put(RouterVariable.RECORD_CONCURRENCY.name(), "0");
        Path outputFile = dir.resolve("output.log");
        RouterJvm jvm =
                DeployableJar.launcher().environment(env).output(outputFile).start();

        assertThatThrownBy(jvm::awaitReady)
                .isInstanceOf(RouterJvmException.class)
                .hasMessageContaining("init error")
                .hasMessageContaining("ROUTES_TABLE_NAME is not set")
                .hasMessageContaining("RECORD_CONCURRENCY is invalid: 0 is out of range");
        assertThat(jvm.stop()).isNotZero();
        assertThat(Files.readString(outputFile))
                .contains("ROUTES_TABLE_NAME is not set")
                .contains("RECORD_CONCURRENCY is invalid: 0 is out of range");
    }
}
