package com.qrrouter.router;

import static com.qrrouter.settings.RouterVariable.DEAD_LETTER_QUEUE_URL;
import static com.qrrouter.settings.RouterVariable.IDEMPOTENCY_TABLE_NAME;
import static com.qrrouter.settings.RouterVariable.IOT_DATA_ENDPOINT;
import static com.qrrouter.settings.RouterVariable.ROUTES_TABLE_NAME;
import static com.qrrouter.settings.RouterVariable.SOURCE_QUEUE_URL;
import static com.qrrouter.settings.RouterVariable.TOPIC_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qrrouter.router.exception.RouterConfigurationException;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterEnvironment;
import com.qrrouter.settings.RouterVariable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterSettingsTest {

    /** Only the required variables, as a map the test may change. */
    static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put(ROUTES_TABLE_NAME.name(), "qr-router-stag-routes");
        env.put(IDEMPOTENCY_TABLE_NAME.name(), "qr-router-stag-idempotency");
        env.put(DEAD_LETTER_QUEUE_URL.name(), "https://sqs.eu-west-1.amazonaws.com/123456789012/qr-router-stag-dlq");
        env.put(SOURCE_QUEUE_URL.name(), "https://sqs.eu-west-1.amazonaws.com/123456789012/qr-router-stag");
        env.put(TOPIC_PREFIX.name(), PipelineSettings.topicPrefix("stag"));
        env.put(IOT_DATA_ENDPOINT.name(), "https://abc123-ats.iot.eu-west-1.amazonaws.com");
        return env;
    }

    /** What infra and local set: every variable, the optional ones at their defaults. */
    static Map<String, String> built() {
        return RouterEnvironment.builder()
                .routesTableName("qr-router-stag-routes")
                .idempotencyTableName("qr-router-stag-idempotency")
                .deadLetterQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/qr-router-stag-dlq")
                .sourceQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/qr-router-stag")
                .topicPrefix(PipelineSettings.topicPrefix("stag"))
                .iotDataEndpoint("https://abc123-ats.iot.eu-west-1.amazonaws.com")
                .build();
    }

    @Test
    void fromEnvironment_whenOnlyRequiredSet_usesPipelineDefaults() {
        RouterSettings settings = RouterSettings.fromEnvironment(required());

        assertThat(settings.routesTableName()).isEqualTo("qr-router-stag-routes");
        assertThat(settings.topicPrefix()).isEqualTo("qr-router/stag/");
        assertThat(settings.iotDataEndpoint()).isEqualTo(URI.create("https://abc123-ats.iot.eu-west-1.amazonaws.com"));
        assertThat(settings.routeCacheTtl()).isEqualTo(PipelineSettings.ROUTE_CACHE_TTL);
        assertThat(settings.recordConcurrency()).isEqualTo(PipelineSettings.RECORD_CONCURRENCY);
        assertThat(settings.idempotencyWindow()).isEqualTo(PipelineSettings.IDEMPOTENCY_WINDOW);
        assertThat(settings.metricsNamespace()).isEqualTo("QrRouter");
        assertThat(settings.maxScanAge()).isEqualTo(PipelineSettings.DEFAULT_MAX_SCAN_AGE);
    }

    @Test
    void fromEnvironment_whenBuiltByRouterEnvironment_acceptsEveryDefault() {
        RouterSettings settings = RouterSettings.fromEnvironment(built());

        assertThat(settings).isEqualTo(RouterSettings.fromEnvironment(required()));
    }

    @Test
    void fromEnvironment_whenOptionalSet_usesThem() {
        Map<String, String> env = required();
        env.put("ROUTE_CACHE_TTL_SECONDS", "5");
        env.put("RECORD_CONCURRENCY", " 4 ");
        env.put("IDEMPOTENCY_WINDOW_SECONDS", "600");

        RouterSettings settings = RouterSettings.fromEnvironment(env);

        assertThat(settings.routeCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.recordConcurrency()).isEqualTo(4);
        assertThat(settings.idempotencyWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void fromEnvironment_whenNothingSet_listsEveryMissingRequiredSetting() {
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(Map.of()))
                .isInstanceOfSatisfying(
                        RouterConfigurationException.class,
                        e -> assertThat(e.problems())
                                .hasSize(6)
                                .anySatisfy(p -> assertThat(p).startsWith("ROUTES_TABLE_NAME is not set"))
                                .anySatisfy(p -> assertThat(p).startsWith("SOURCE_QUEUE_URL is not set"))
                                .anySatisfy(p -> assertThat(p).startsWith("IDEMPOTENCY_TABLE_NAME is not set"))
                                .anySatisfy(p -> assertThat(p).startsWith("DEAD_LETTER_QUEUE_URL is not set"))
                                .anySatisfy(p -> assertThat(p).startsWith("TOPIC_PREFIX is not set"))
                                .anySatisfy(p -> assertThat(p).startsWith("IOT_DATA_ENDPOINT is not set")));
    }

    @Test
    void fromEnvironment_whenBlank_treatsAsMissing() {
        Map<String, String> env = required();
        env.put("ROUTES_TABLE_NAME", "  ");

        assertThatThrownBy(() -> RouterSettings.fromEnvironment(env))
                .hasMessageContaining("ROUTES_TABLE_NAME is not set");
    }

    @Test
    void fromEnvironment_whenValuesInvalid_explainsEachOne() {
        Map<String, String> env = required();
        env.put("ROUTES_TABLE_NAME", "no spaces allowed");
        env.put("DEAD_LETTER_QUEUE_URL", "sqs://queue");
        env.put("TOPIC_PREFIX", "qr-router/stag");
        env.put("IOT_DATA_ENDPOINT", "http://abc123-ats.iot.eu-west-1.amazonaws.com");
        env.put("ROUTE_CACHE_TTL_SECONDS", "-1");
        env.put("RECORD_CONCURRENCY", "many");
        env.put("IDEMPOTENCY_WINDOW_SECONDS", "5");
        env.put("MAX_SCAN_AGE_SECONDS", "0");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "AWS/Lambda");

        assertThatThrownBy(() -> RouterSettings.fromEnvironment(env))
                .isInstanceOfSatisfying(
                        RouterConfigurationException.class,
                        e -> assertThat(e.problems())
                                .hasSize(9)
                                .anySatisfy(p ->
                                        assertThat(p).contains("MAX_SCAN_AGE_SECONDS is invalid: 0 is out of range"))
                                .anySatisfy(p -> assertThat(p).contains("POWERTOOLS_METRICS_NAMESPACE is invalid"))
                                .anySatisfy(p -> assertThat(p).contains("ROUTES_TABLE_NAME is invalid"))
                                .anySatisfy(p -> assertThat(p).contains("DEAD_LETTER_QUEUE_URL is invalid"))
                                .anySatisfy(p -> assertThat(p).contains("must end with '/'"))
                                .anySatisfy(p -> assertThat(p).contains("plain http to a remote host"))
                                .anySatisfy(p -> assertThat(p)
                                        .contains("ROUTE_CACHE_TTL_SECONDS is invalid: -1 is out of range"))
                                .anySatisfy(p -> assertThat(p)
                                        .contains("RECORD_CONCURRENCY is invalid: 'many' is not a whole number"))
                                .anySatisfy(p -> assertThat(p)
                                        .contains("IDEMPOTENCY_WINDOW_SECONDS is invalid: 5 is out of range")));
    }

    @Test
    void fromEnvironment_whenPrefixHasWildcardOrIsReserved_rejects() {
        Map<String, String> env = required();
        env.put("TOPIC_PREFIX", "qr-router/+/");
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(env)).hasMessageContaining("wildcard");

        env.put("TOPIC_PREFIX", "$aws/");
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(env)).hasMessageContaining("reserved");
    }

    @Test
    void fromEnvironment_whenPlainHttpToLoopback_allowsItForTheLocalStack() {
        Map<String, String> env = required();
        env.put("IOT_DATA_ENDPOINT", "http://127.0.0.1:4567");
        env.put("DEAD_LETTER_QUEUE_URL", "http://localhost:9324/000000000000/qr-router-local-dlq");

        RouterSettings settings = RouterSettings.fromEnvironment(env);

        assertThat(settings.iotDataEndpoint().getPort()).isEqualTo(4567);
    }

    @Test
    void fromEnvironment_whenNothingSet_missesExactlyTheCataloguesRequiredVariables() {
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(Map.of()))
                .isInstanceOfSatisfying(
                        RouterConfigurationException.class,
                        e -> assertThat(e.problems().stream()
                                        .map(RouterSettingsTest::variableOf)
                                        .toList())
                                .containsExactlyElementsOf(RouterVariable.requiredOnes().stream()
                                        .map(RouterVariable::name)
                                        .toList()));
    }

    /**
     * Ties the catalogue to the router: RouterSettings reads and checks every variable the catalogue says the router
     * reads, and no other (the Powertools-only ones are Powertools' to read).
     */
    @Test
    void fromEnvironment_whenEveryVariableInvalid_reportsExactlyTheOnesTheCatalogueSaysTheRouterReads() {
        Map<String, String> env = new HashMap<>();
        RouterVariable.names().forEach(name -> env.put(name, "not valid!"));

        assertThatThrownBy(() -> RouterSettings.fromEnvironment(env))
                .isInstanceOfSatisfying(
                        RouterConfigurationException.class,
                        e -> assertThat(e.problems())
                                .allSatisfy(p -> assertThat(p).contains(" is invalid: "))
                                .extracting(RouterSettingsTest::variableOf)
                                .containsExactlyElementsOf(Arrays.stream(RouterVariable.values())
                                        .filter(RouterVariable::readByRouter)
                                        .map(RouterVariable::name)
                                        .toList()));
    }

    private static String variableOf(String problem) {
        return problem.substring(0, problem.indexOf(' '));
    }
}
