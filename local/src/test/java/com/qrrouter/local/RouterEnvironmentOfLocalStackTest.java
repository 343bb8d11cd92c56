package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterVariable;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The router JVM's environment in the local stack: the router's catalogue ({@link RouterVariable}), exactly as infra
 * sets it on the Lambda, plus Lambda's and the SDK's variables, each listed as such (decisions 0500, 0501). A variable
 * the router does not read, or a missing one, fails here.
 */
class RouterEnvironmentOfLocalStackTest {

    private static final URI DYNAMODB = URI.create("http://127.0.0.1:40001");
    private static final URI SQS = URI.create("http://127.0.0.1:40002");
    private static final URI IOT_DATA = URI.create("http://127.0.0.1:40003");
    private static final String DLQ = "http://127.0.0.1:9324/000000000000/qr-router-local-messages-dlq";

    private static Map<String, String> environment(LocalStackConfig config) {
        return LocalStack.routerEnvironment(
                config,
                "qr-router-local-routes",
                "qr-router-local-idempotency",
                DLQ,
                DLQ.replace("-dlq", ""),
                IOT_DATA,
                DYNAMODB,
                SQS);
    }

    @Test
    void routerEnvironment_whenBuilt_isTheRoutersCataloguePlusLambdasAndTheSdksVariablesOnly() {
        Map<String, String> env = environment(LocalStackConfig.builder().build());

        Set<String> expected = new HashSet<>(RouterVariable.names());
        expected.addAll(LocalAws.LAMBDA_VARIABLES);
        expected.addAll(LocalAws.SDK_VARIABLES);
        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void lambdasAndTheSdksVariables_whenListed_areTheirsNotOurs() {
        List<String> theirs = Stream.concat(LocalAws.LAMBDA_VARIABLES.stream(), LocalAws.SDK_VARIABLES.stream())
                .toList();

        // AWS_ is the namespace of the Lambda service and the SDK; none of the router's variables is in it.
        assertThat(theirs)
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("AWS_"));
        assertThat(theirs).doesNotContainAnyElementsOf(RouterVariable.names());
        assertThat(LocalAws.lambdaEnvironment("f", DYNAMODB, SQS).keySet()).isSubsetOf(theirs);
    }

    @Test
    void routerEnvironment_whenBuilt_pointsAtTheStandInsWithTheStacksSettings() {
        LocalStackConfig config = LocalStackConfig.builder()
                .stage("demo")
                .routeCacheTtl(Duration.ofSeconds(1))
                .routerMemoryMb(512)
                .build();

        Map<String, String> env = environment(config);

        assertThat(env)
                .containsEntry(RouterVariable.ROUTES_TABLE_NAME.name(), "qr-router-local-routes")
                .containsEntry(RouterVariable.IDEMPOTENCY_TABLE_NAME.name(), "qr-router-local-idempotency")
                .containsEntry(RouterVariable.DEAD_LETTER_QUEUE_URL.name(), DLQ)
                .containsEntry(RouterVariable.TOPIC_PREFIX.name(), PipelineSettings.topicPrefix("demo"))
                .containsEntry(RouterVariable.IOT_DATA_ENDPOINT.name(), IOT_DATA.toString())
                .containsEntry(RouterVariable.ROUTE_CACHE_TTL_SECONDS.name(), "1")
                .containsEntry(RouterVariable.RECORD_CONCURRENCY.name(), "10")
                .containsEntry(RouterVariable.POWERTOOLS_LOG_LEVEL.name(), "INFO")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "qr-router-demo-router")
                .containsEntry(LocalAws.FUNCTION_MEMORY_SIZE, "512")
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", DYNAMODB.toString())
                .containsEntry("AWS_ENDPOINT_URL_SQS", SQS.toString());
    }
}
