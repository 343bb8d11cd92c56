package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.IdempotencyGuard;
import com.qrrouter.router.MessagePublisher;
import com.qrrouter.router.MqttMessage;
import com.qrrouter.router.ParkedMessage;
import com.qrrouter.router.RetryReason;
import com.qrrouter.router.Route;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.schema.Examples;
import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.settings.PipelineSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotdataplane.model.ForbiddenException;
import software.amazon.awssdk.services.iotdataplane.model.ThrottlingException;

/** The steps of a record's path run in their order, and a step that ends the path skips the ones after it. */
class RecordPathTest {

    static final String PREFIX = "qr-router/test/";
    static final String BODY =
            Examples.valid("02-required-only").with("QRCode", "code-1").text();
    static final Deadline OPEN = Deadline.in(Duration.ofSeconds(10), Duration.ZERO);

    /** Every outside call of the path, in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    Map<String, Route> routes = Map.of(
            "DemoClient", Route.of(PREFIX + "MyTopic", Set.of(TEAM)),
            "RogueClient", Route.of("MyTopic", Set.of(TEAM)));
    IdempotencyGuard.Claim claim = IdempotencyGuard.Claim.CLAIMED;
    final AtomicLong now = new AtomicLong(ACCEPTED_AT);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    final List<MqttMessage> published = new CopyOnWriteArrayList<>();
    final List<ParkedMessage> parked = new CopyOnWriteArrayList<>();
    MessagePublisher publisher = message -> {
        calls.add("publish " + message.topic());
        published.add(message);
    };

    final IdempotencyGuard guard = new IdempotencyGuard() {
        @Override
        public Claim claim(ScanIdentity scan, String bodySha256, Duration remainingTime) {
            calls.add("claim " + scan.clientId());
            return claim;
        }

        @Override
        public void complete(ScanIdentity scan, String bodySha256, String topic) {
            calls.add("complete " + topic);
        }

        @Override
        public void release(ScanIdentity scan, String bodySha256, Throwable cause) {
            calls.add("release");
        }
    };

    static final String TEAM = "demo-team";
    static final long ACCEPTED_AT = 1_765_000_000_000L;

    RecordPath path() {
        FreshnessStep freshness = new FreshnessStep(clock, Duration.ofSeconds(60));
        return new RecordPath(
                new DecodeStep(QrMessageSchema.v1()),
                new RouteStep(clientId -> {
                    calls.add("route " + clientId);
                    return Optional.ofNullable(routes.get(clientId));
                }),
                new CallerCheckStep(),
                new TopicCheckStep(new TopicPolicy(PREFIX)),
                new DedupeStep(guard, Duration.ZERO),
                freshness,
                new PublishStep(message -> publisher.publish(message), freshness),
                new ParkStep(message -> {
                    calls.add("park " + message.failureCode());
                    parked.add(message);
                }),
                PipelineSettings.MAX_RECEIVE_COUNT);
    }

    static QueuedRecord record(String body) {
        return record(body, TEAM, Long.toString(ACCEPTED_AT), 1);
    }

    static QueuedRecord record(String body, String team, String acceptedAt, int receiveCount) {
        return new QueuedRecord("m1", "r1", body, "c1", "DemoClient", team, acceptedAt, null, receiveCount);
    }

    static Outcome.Parked parkedAs(Outcome outcome, FailureCode code) {
        assertThat(outcome).isInstanceOf(Outcome.Parked.class);
        Outcome.Parked parked = (Outcome.Parked) outcome;
        assertThat(parked.code()).isEqualTo(code);
        return parked;
    }

    @Test
    void run_whenDeliverable_claimsRoutesPublishesThenCompletes() {
        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(outcome).isEqualTo(new Outcome.Published(PREFIX + "MyTopic", "DemoClient"));
        assertThat(calls)
                .containsExactly(
                        "route DemoClient",
                        "claim DemoClient",
                        "publish " + PREFIX + "MyTopic",
                        "complete " + PREFIX + "MyTopic");
        assertThat(published)
                .singleElement()
                .satisfies(message -> assertThat(message.messageExpiry()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void run_whenBodyInvalid_parksWithoutClaiming() {
        Outcome outcome = path().run(record("not json"), OPEN);

        assertThat(outcome)
                .isEqualTo(new Outcome.Parked(
                        FailureCode.MALFORMED_JSON, ((Outcome.Parked) outcome).reason(), "DemoClient"));
        assertThat(calls).containsExactly("park MALFORMED_JSON");
    }

    @Test
    void run_whenAlreadyPublished_endsAsDuplicateWithoutPublishing() {
        claim = IdempotencyGuard.Claim.ALREADY_PUBLISHED;

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(outcome).isEqualTo(new Outcome.Duplicate("DemoClient"));
        assertThat(calls).containsExactly("route DemoClient", "claim DemoClient");
    }

    @Test
    void run_whenClientUnknown_parksWithoutClaiming() {
        routes = Map.of();

        Outcome outcome = path().run(record(BODY), OPEN);

        parkedAs(outcome, FailureCode.UNKNOWN_CLIENT);
        assertThat(calls).containsExactly("route DemoClient", "park UNKNOWN_CLIENT");
    }

    @Test
    void run_whenTopicForbidden_neverPublishesAndParks() {
        Outcome outcome = path().run(record(BODY.replace("DemoClient", "RogueClient")), OPEN);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Outcome.Parked.class,
                        parked -> assertThat(parked.code()).isEqualTo(FailureCode.FORBIDDEN_TOPIC));
        assertThat(calls).containsExactly("route RogueClient", "park FORBIDDEN_TOPIC");
    }

    @Test
    void run_whenNoCallMayStart_decodesButCallsNothing() {
        Deadline closed = Deadline.in(Duration.ofMillis(100), Duration.ofSeconds(1));

        Outcome valid = path().run(record(BODY), closed);
        Outcome invalid = path().run(record("not json"), closed);

        assertThat(List.of(valid, invalid))
                .allSatisfy(outcome -> assertThat(outcome)
                        .isInstanceOfSatisfying(
                                Outcome.Retry.class,
                                retry -> assertThat(retry.reason()).isEqualTo(RetryReason.DEADLINE)));
        assertThat(calls).isEmpty();
    }

    @Test
    void run_whenTeamNotAllowed_parksForbiddenCallerWithoutTopicOrQrCodeAndWithoutClaiming() {
        Outcome outcome = path().run(record(BODY, "other-team", Long.toString(ACCEPTED_AT), 1), OPEN);

        Outcome.Parked parked = parkedAs(outcome, FailureCode.FORBIDDEN_CALLER);
        assertThat(parked.reason()).contains("other-team", "DemoClient").doesNotContain("MyTopic", "code-1");
        assertThat(calls).containsExactly("route DemoClient", "park FORBIDDEN_CALLER");
    }

    @Test
    void run_whenNoTeamOrRouteNamesNone_failsClosed() {
        Outcome noTeam = path().run(record(BODY, null, Long.toString(ACCEPTED_AT), 1), OPEN);
        routes = Map.of("DemoClient", Route.of(PREFIX + "MyTopic", Set.of()));
        Outcome noneAllowed = path().run(record(BODY), OPEN);

        assertThat(parkedAs(noTeam, FailureCode.FORBIDDEN_CALLER).reason()).contains("no CallerTeam", "DemoClient");
        assertThat(parkedAs(noneAllowed, FailureCode.FORBIDDEN_CALLER).reason()).contains("names no team");
        assertThat(published).isEmpty();
    }

    @Test
    void run_whenOlderThanTheStageLimit_releasesAndParksStale() {
        now.set(ACCEPTED_AT + 60_001);

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(parkedAs(outcome, FailureCode.STALE_SCAN).reason()).contains("60.0 s old", "limit of 60 s");
        assertThat(calls).containsExactly("route DemoClient", "claim DemoClient", "release", "park STALE_SCAN");
    }

    @Test
    void run_whenRouteSetsItsOwnLimit_usesItForAgeAndExpiry() {
        routes =
                Map.of("DemoClient", new Route(PREFIX + "MyTopic", Set.of(TEAM), Optional.of(Duration.ofSeconds(300))));
        now.set(ACCEPTED_AT + 120_500);

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(outcome).isInstanceOf(Outcome.Published.class);
        assertThat(published)
                .singleElement()
                .satisfies(message -> assertThat(message.messageExpiry())
                        .as("300 s - 120.5 s, rounded down")
                        .isEqualTo(Duration.ofSeconds(179)));
    }

    @Test
    void run_whenNoAcceptedAt_parksStaleAsAgeUnknown() {
        Outcome missing = path().run(record(BODY, TEAM, null, 1), OPEN);
        Outcome garbage = path().run(record(BODY, TEAM, "yesterday", 1), OPEN);

        assertThat(parkedAs(missing, FailureCode.STALE_SCAN).reason()).contains("No AcceptedAt: age unknown");
        assertThat(parkedAs(garbage, FailureCode.STALE_SCAN).reason()).contains("No AcceptedAt: age unknown");
        assertThat(published).isEmpty();
    }

    @Test
    void run_whenAlmostStale_publishesWithAtLeastOneSecondOfExpiry() {
        now.set(ACCEPTED_AT + 59_700);

        path().run(record(BODY), OPEN);

        assertThat(published)
                .singleElement()
                .satisfies(message -> assertThat(message.messageExpiry()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void run_whenTheScanGrowsStaleWhileItsClaimIsTaken_checksAgainBeforePublishing() {
        IdempotencyGuard slowGuard = new IdempotencyGuard() {
            @Override
            public Claim claim(ScanIdentity scan, String bodySha256, Duration remainingTime) {
                now.addAndGet(30_000);
                return Claim.CLAIMED;
            }

            @Override
            public void complete(ScanIdentity scan, String bodySha256, String topic) {}

            @Override
            public void release(ScanIdentity scan, String bodySha256, Throwable cause) {}
        };
        FreshnessStep freshness = new FreshnessStep(clock, Duration.ofSeconds(60));
        PublishStep publish = new PublishStep(publisher, freshness);
        now.set(ACCEPTED_AT + 40_000);
        DecodeStep.Decoded message =
                new DecodeStep(QrMessageSchema.v1()).decode(record(BODY)).value();
        FreshnessStep.Fresh fresh = freshness
                .check(record(BODY), routes.get("DemoClient"), "DemoClient")
                .value();
        slowGuard.claim(message.scan(), message.bodySha256(), Duration.ZERO);

        Outcome outcome = publish.publish(PREFIX + "MyTopic", message, "c1", fresh, OPEN);

        parkedAs(outcome, FailureCode.STALE_SCAN);
        assertThat(published).isEmpty();
    }

    @Test
    void run_whenSameScanHeldWithAnotherBody_parksConflictingDuplicate() {
        claim = IdempotencyGuard.Claim.CONFLICTING;

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(parkedAs(outcome, FailureCode.CONFLICTING_DUPLICATE).reason())
                .contains("DemoClient", "different body")
                .doesNotContain("code-1");
        assertThat(calls).containsExactly("route DemoClient", "claim DemoClient", "park CONFLICTING_DUPLICATE");
    }

    @Test
    void run_whenIotRefusesForGood_releasesAndParksPublishRejectedWithTheStatus() {
        publisher = message -> {
            throw (RuntimeException) ForbiddenException.builder()
                    .statusCode(403)
                    .message("not authorized")
                    .build();
        };

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(parkedAs(outcome, FailureCode.PUBLISH_REJECTED).reason()).contains("HTTP 403");
        assertThat(calls).containsExactly("route DemoClient", "claim DemoClient", "release", "park PUBLISH_REJECTED");
    }

    @Test
    void run_whenTransientFailureOnTheLastReceive_parksRetriesExhaustedWithTheLastReason() {
        publisher = message -> {
            throw (RuntimeException) ThrottlingException.builder()
                    .statusCode(429)
                    .message("slow down")
                    .build();
        };

        Outcome earlier = path().run(record(BODY, TEAM, Long.toString(ACCEPTED_AT), 4), OPEN);
        Outcome last =
                path().run(record(BODY, TEAM, Long.toString(ACCEPTED_AT), PipelineSettings.MAX_RECEIVE_COUNT), OPEN);

        assertThat(earlier).isInstanceOf(Outcome.Retry.class);
        assertThat(parkedAs(last, FailureCode.RETRIES_EXHAUSTED).reason()).contains("5 receives", "THROTTLED");
        assertThat(parked)
                .singleElement()
                .satisfies(message -> assertThat(message.clientId()).contains("DemoClient"));
    }

    @Test
    void run_whenRedrivenMessageParkedAgain_carriesOnlyTheNewReasonAndThePreviousCode() {
        QueuedRecord redriven = new QueuedRecord(
                "m1", "r1", BODY, "c1", "DemoClient", "other-team", Long.toString(ACCEPTED_AT), "UNKNOWN_CLIENT", 1);

        path().run(redriven, OPEN);

        assertThat(parked).singleElement().satisfies(message -> {
            assertThat(message.failureCode()).isEqualTo(FailureCode.FORBIDDEN_CALLER);
            assertThat(message.previousFailureCode()).contains("UNKNOWN_CLIENT");
            assertThat(message.callerTeam()).contains("other-team");
            assertThat(message.acceptedAt()).contains(Long.toString(ACCEPTED_AT));
        });
    }
}
