package com.qrrouter.router;

import static com.qrrouter.router.fakes.SqsEvents.body;
import static com.qrrouter.router.fakes.SqsEvents.event;
import static com.qrrouter.router.fakes.SqsEvents.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.router.testing.RouterFixture;
import com.qrrouter.schema.Examples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One log style: every line the router writes about a record, whatever happens to it, carries {@code messageId},
 * {@code clientId} and {@code outcome} as JSON fields of the production layout (Powertools' LambdaJsonLayout).
 */
class RecordLogFieldsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final class Capture extends AbstractAppender {
        final List<LogEvent> events = new CopyOnWriteArrayList<>();

        Capture() {
            super("record-fields", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }
    }

    private final Capture capture = new Capture();
    private final RouterFixture fixture = new RouterFixture();

    @BeforeEach
    void attach() {
        Configurator.setLevel("com.qrrouter", Level.INFO);
        capture.start();
        Logger logger = (Logger) LogManager.getLogger("com.qrrouter");
        logger.addAppender(capture);
        logger.setAdditive(false); // captured only, not printed
    }

    @AfterEach
    void detach() {
        Logger logger = (Logger) LogManager.getLogger("com.qrrouter");
        logger.removeAppender(capture);
        logger.setAdditive(true);
        Configurator.setLevel("com.qrrouter", Level.ERROR);
    }

    List<JsonNode> jsonLines() throws Exception {
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
                .setConfiguration(((LoggerContext) LogManager.getContext(false)).getConfiguration())
                .setEventTemplateUri("classpath:LambdaJsonLayout.json")
                .build();
        List<JsonNode> lines = new ArrayList<>();
        for (LogEvent event : capture.events) {
            lines.add(JSON.readTree(layout.toSerializable(event)));
        }
        return lines;
    }

    static AwsServiceException serviceError(int status) {
        return AwsServiceException.builder().statusCode(status).message("down").build();
    }

    @Test
    void route_whenAnythingHappensToARecord_everyLineHasMessageIdClientIdAndOutcomeFields() throws Exception {
        fixture.publisher.failWhen(m -> new String(m.payload()).contains("retry-me"), serviceError(503));
        Router router = fixture.builder().build();
        String valid = body("DemoClient", "code-1");
        String invalidWithoutClientId = Examples.valid("02-required-only")
                .without("ClientID")
                .with("QRCode", "code-2")
                .text();

        router.route(event(record("published", valid, "corr-1", "DemoClient")), Duration.ofSeconds(10));
        router.route(
                event(
                        record("duplicate", valid, "corr-2", "DemoClient"),
                        record("unknown", body("Nobody", "code-3"), "corr-3", "Nobody"),
                        record("invalid", invalidWithoutClientId, "corr-4", "AttributeClient"),
                        record("retry", body("DemoClient", "retry-me"), "corr-5", "DemoClient"),
                        record("twice", body("DemoClient", "code-4"), "corr-6", "DemoClient"),
                        record("twice", body("DemoClient", "code-4"), "corr-6", "DemoClient")),
                Duration.ofSeconds(10));
        fixture.idempotencyStore.failDeletesWith(serviceError(500));
        router.route(
                // A stale scan is claimed, then released (and parked): the release fails.
                event(record(
                        "release-fails",
                        body("DemoClient", "code-5"),
                        "corr-7",
                        "DemoClient",
                        SqsEvents.DEMO_TEAM,
                        System.currentTimeMillis() - 120_000)),
                Duration.ofSeconds(10));
        fixture.idempotencyStore.failUpdatesWith(serviceError(500));
        router.route(
                event(record("complete-fails", body("DemoClient", "code-6"), "corr-8", "DemoClient")),
                Duration.ofSeconds(10));
        fixture.deadLetters.failWith(serviceError(503));
        router.route(event(record("park-fails", "not json", "corr-9", "DemoClient")), Duration.ofSeconds(10));
        fixture.publisher.delayMillis(500);
        fixture.builder()
                .idempotencyStore(new InMemoryPersistenceStore())
                .longestCall(Duration.ZERO)
                .build()
                .route(
                        event(record("late", body("DemoClient", "code-7"), "corr-10", "DemoClient")),
                        Duration.ofMillis(100));
        Thread.sleep(700); // the late record's worker finishes after the answer and logs its line too

        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(13);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("messageId").isTextual())
                    .as("messageId in %s", line)
                    .isTrue();
            assertThat(line.path("clientId").isTextual())
                    .as("clientId in %s", line)
                    .isTrue();
            assertThat(line.path("outcome").asText()).as("outcome in %s", line).isNotEmpty();
        });
        assertThat(lines)
                .extracting(line -> line.path("outcome").asText())
                .contains(
                        "PUBLISHED",
                        "DUPLICATE",
                        "PARKED",
                        "RETRY_SERVICE_ERROR",
                        "DELIVERED_TWICE",
                        "RETRY_PARK_FAILED",
                        "RETRY_DEADLINE");
        assertThat(lines)
                .filteredOn(line -> line.path("messageId").asText().equals("invalid"))
                .singleElement()
                .satisfies(line -> assertThat(line.path("clientId").asText()).isEqualTo("AttributeClient"));
        assertThat(lines)
                .filteredOn(line -> line.path("messageId").asText().equals("release-fails"))
                .hasSize(2);
        assertThat(lines)
                .filteredOn(line -> line.path("messageId").asText().equals("complete-fails"))
                .hasSize(2);
        assertThat(lines)
                .filteredOn(line -> line.path("messageId").asText().equals("published"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.path("clientId").asText()).isEqualTo("DemoClient");
                    assertThat(line.path("correlation_id").asText()).isEqualTo("corr-1");
                });
    }
}
