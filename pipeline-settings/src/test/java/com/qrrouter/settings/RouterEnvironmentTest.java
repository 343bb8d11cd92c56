package com.qrrouter.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterEnvironmentTest {

    static RouterEnvironment.Builder required() {
        return RouterEnvironment.builder()
                .routesTableName("qr-router-stag-routes")
                .idempotencyTableName("qr-router-stag-idempotency")
                .deadLetterQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/qr-router-stag-dlq")
                .sourceQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/qr-router-stag")
                .topicPrefix(PipelineSettings.topicPrefix("stag"))
                .iotDataEndpoint("https://abc123-ats.iot.eu-west-1.amazonaws.com");
    }

    @Test
    void build_whenOnlyRequiredGiven_writesEveryVariableInCatalogueOrderWithTheDefaults() {
        Map<String, String> env = required().build();

        assertThat(env.keySet()).containsExactlyElementsOf(RouterVariable.names());
        assertThat(env)
                .containsEntry("ROUTES_TABLE_NAME", "qr-router-stag-routes")
                .containsEntry("TOPIC_PREFIX", "qr-router/stag/")
                .containsEntry("ROUTE_CACHE_TTL_SECONDS", "60")
                .containsEntry("RECORD_CONCURRENCY", "10")
                .containsEntry("IDEMPOTENCY_WINDOW_SECONDS", "3600")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "QrRouter")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "qr-router")
                .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO");
        for (RouterVariable variable : RouterVariable.values()) {
            variable.defaultValue().ifPresent(value -> assertThat(env).containsEntry(variable.name(), value));
        }
    }

    @Test
    void build_whenOptionalGiven_writesThem() {
        Map<String, String> env = required()
                .routeCacheTtl(Duration.ofSeconds(1))
                .recordConcurrency(4)
                .idempotencyWindow(Duration.ofMinutes(10))
                .metricsNamespace("QrRouterTest")
                .serviceName("qr-router-test")
                .logLevel("DEBUG")
                .build();

        assertThat(env)
                .containsEntry("ROUTE_CACHE_TTL_SECONDS", "1")
                .containsEntry("RECORD_CONCURRENCY", "4")
                .containsEntry("IDEMPOTENCY_WINDOW_SECONDS", "600")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "QrRouterTest")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "qr-router-test")
                .containsEntry("POWERTOOLS_LOG_LEVEL", "DEBUG");
    }

    @Test
    void build_whenRequiredMissing_namesEveryMissingOneAndWhatItHolds() {
        assertThatThrownBy(() -> RouterEnvironment.builder()
                        .routesTableName("routes")
                        .idempotencyTableName("idempotency")
                        .deadLetterQueueUrl("http://127.0.0.1:9324/000000000000/dlq")
                        .sourceQueueUrl("http://127.0.0.1:9324/000000000000/messages")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The router's environment lacks TOPIC_PREFIX (the stage's MQTT topic prefix, e.g."
                        + " qr-router/stag/), IOT_DATA_ENDPOINT (the https URL of the account's iot:Data-ATS endpoint):"
                        + " give each one to RouterEnvironment.builder().");
        assertThatThrownBy(() -> RouterEnvironment.builder().build())
                .hasMessageContainingAll(RouterVariable.requiredOnes().stream()
                        .map(RouterVariable::name)
                        .toArray(String[]::new));
    }

    @Test
    void setters_whenValueBlankOrNotWholeSeconds_refuseNamingTheVariable() {
        assertThatThrownBy(() -> RouterEnvironment.builder().routesTableName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ROUTES_TABLE_NAME must not be blank");
        assertThatThrownBy(() -> RouterEnvironment.builder().topicPrefix(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("TOPIC_PREFIX");
        assertThatThrownBy(() -> RouterEnvironment.builder().routeCacheTtl(Duration.ofMillis(1_500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROUTE_CACHE_TTL_SECONDS is set in whole seconds, not PT1.5S.");
    }

    @Test
    void build_whenCalled_returnsAnUnmodifiableMap() {
        Map<String, String> env = required().build();

        assertThatThrownBy(() -> env.put("EXTRA", "x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
