package com.qrrouter.router;

import static com.qrrouter.router.fakes.SqsEvents.event;
import static com.qrrouter.router.fakes.SqsEvents.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.fakes.InMemoryPersistenceStore;
import com.qrrouter.router.fakes.InMemoryRouteTable;
import com.qrrouter.router.fakes.RecordingDeadLetterQueue;
import com.qrrouter.router.fakes.RecordingPublisher;
import com.qrrouter.router.fakes.SqsEvents;
import com.qrrouter.schema.Examples;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QR codes are never logged in clear, whatever happens to the record; the correlation id is. */
class LogRedactionTest {

    static final String QR_CODE = "SECRET-QR-vwWT)Np=+6";

    static final class Capture extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage() + " " + event.getContextData() + " "
                    + (event.getThrown() == null ? "" : event.getThrown().toString()));
        }
    }

    private final Capture capture = new Capture();
    private Logger root;

    @BeforeEach
    void attach() {
        Configurator.setLevel("com.qrrouter", Level.INFO);
        root = (Logger) LogManager.getRootLogger();
        capture.start();
        root.addAppender(capture);
        ((Logger) LogManager.getLogger("com.qrrouter")).addAppender(capture);
    }

    @AfterEach
    void detach() {
        root.removeAppender(capture);
        ((Logger) LogManager.getLogger("com.qrrouter")).removeAppender(capture);
        Configurator.setLevel("com.qrrouter", Level.ERROR);
    }

    @Test
    void route_whenAnyOutcome_neverLogsTheQrCode() {
        RecordingPublisher publisher = new RecordingPublisher();
        RecordingDeadLetterQueue deadLetters = new RecordingDeadLetterQueue();
        Router router = Router.builder()
                .topicPrefix("qr-router/test/")
                .routeTable(new InMemoryRouteTable().put("DemoClient", "qr-router/test/MyTopic"))
                .publisher(publisher.failWhen(
                        m -> new String(m.payload()).contains("retry-me"), new IllegalStateException("IoT down")))
                .deadLetterQueue(deadLetters)
                .idempotencyStore(new InMemoryPersistenceStore())
                .build();
        Examples.Example scan = Examples.valid("02-required-only").with("QRCode", QR_CODE);
        String valid = scan.text();

        router.route(event(record("published", valid, "corr-1", "DemoClient")), Duration.ofSeconds(10));
        router.route(
                event(
                        record("duplicate", valid, "corr-2", "DemoClient"),
                        record("unknown", valid.replace("DemoClient", "Nobody"), "corr-3", "Nobody"),
                        record("invalid", valid.replace("ACTIVE", "NOPE"), "corr-4", "DemoClient"),
                        record("malformed", valid.substring(0, 40), "corr-5", "DemoClient"),
                        record(
                                "retry",
                                scan.with("Time", "20231201T231011")
                                        .with("TEST", "retry-me")
                                        .text(),
                                "corr-6",
                                "DemoClient")),
                Duration.ofSeconds(10));
        long now = System.currentTimeMillis();
        String other = scan.with("Time", "20231201T231012").text();
        router.route(
                event(
                        SqsEvents.record("foreign", valid, "corr-7", "DemoClient", "other-team", now),
                        SqsEvents.record("stale", other, "corr-8", "DemoClient", SqsEvents.DEMO_TEAM, now - 61_000),
                        record("conflicting", valid.replace("ACTIVE", "BLOCKED"), "corr-9", "DemoClient"),
                        SqsEvents.receivedTimes(
                                record(
                                        "exhausted",
                                        scan.with("Time", "20231201T231013")
                                                .with("TEST", "retry-me")
                                                .text(),
                                        "corr-10",
                                        "DemoClient"),
                                5)),
                Duration.ofSeconds(10));

        assertThat(capture.lines).hasSizeGreaterThanOrEqualTo(10);
        assertThat(capture.lines).noneSatisfy(line -> assertThat(line).contains("SECRET-QR"));
        assertThat(capture.lines).anySatisfy(line -> assertThat(line).contains("corr-1"));
        assertThat(deadLetters.parked())
                .extracting(ParkedMessage::failureCode)
                .contains(
                        FailureCode.FORBIDDEN_CALLER,
                        FailureCode.STALE_SCAN,
                        FailureCode.CONFLICTING_DUPLICATE,
                        FailureCode.RETRIES_EXHAUSTED)
                .hasSize(7);
        assertThat(deadLetters.parked())
                .noneSatisfy(parked -> assertThat(parked.failureMessage()).contains("SECRET-QR"));
        assertThat(capture.lines)
                .anySatisfy(line -> assertThat(line).contains("outcome=PUBLISHED"))
                .anySatisfy(line -> assertThat(line).contains("outcome=DUPLICATE"))
                .anySatisfy(line -> assertThat(line).contains("outcome=PARKED"))
                .anySatisfy(line -> assertThat(line).contains("outcome=RETRY_UNEXPECTED"));
    }
}
