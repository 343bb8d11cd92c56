package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.IdempotencyGuard;
import com.qrrouter.router.RetryReason;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.schema.Examples;
import com.qrrouter.schema.QrMessageSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The steps of a record's path run in their order, and a step that ends the path skips the ones after it. */
class RecordPathTest {

    static final String PREFIX = "qr-router/test/";
    static final String BODY =
            Examples.valid("02-required-only").with("QRCode", "code-1").text();
    static final Deadline OPEN = Deadline.in(Duration.ofSeconds(10), Duration.ZERO);

    /** Every outside call of the path, in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    Map<String, String> routes = Map.of("DemoClient", PREFIX + "MyTopic", "RogueClient", "MyTopic");
    IdempotencyGuard.Claim claim = IdempotencyGuard.Claim.CLAIMED;

    final IdempotencyGuard guard = new IdempotencyGuard() {
        @Override
        public Claim claim(ScanIdentity scan, Duration remainingTime) {
            calls.add("claim " + scan.clientId());
            return claim;
        }

        @Override
        public void complete(ScanIdentity scan, String topic) {
            calls.add("complete " + topic);
        }

        @Override
        public void release(ScanIdentity scan, Throwable cause) {
            calls.add("release");
        }
    };

    RecordPath path() {
        return new RecordPath(
                new DecodeStep(QrMessageSchema.v1()),
                new DedupeStep(guard, Duration.ZERO),
                new RouteStep(clientId -> {
                    calls.add("route " + clientId);
                    return Optional.ofNullable(routes.get(clientId));
                }),
                new TopicCheckStep(new TopicPolicy(PREFIX)),
                new PublishStep(message -> calls.add("publish " + message.topic())),
                new ParkStep(message -> calls.add("park " + message.failureCode())));
    }

    static QueuedRecord record(String body) {
        return new QueuedRecord("m1", body, "c1", "DemoClient", 1);
    }

    @Test
    void run_whenDeliverable_claimsRoutesPublishesThenCompletes() {
        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(outcome).isEqualTo(new Outcome.Published(PREFIX + "MyTopic", "DemoClient"));
        assertThat(calls)
                .containsExactly(
                        "claim DemoClient",
                        "route DemoClient",
                        "publish " + PREFIX + "MyTopic",
                        "complete " + PREFIX + "MyTopic");
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
    void run_whenAlreadyPublished_endsAsDuplicateWithoutRouting() {
        claim = IdempotencyGuard.Claim.ALREADY_PUBLISHED;

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(outcome).isEqualTo(new Outcome.Duplicate("DemoClient"));
        assertThat(calls).containsExactly("claim DemoClient");
    }

    @Test
    void run_whenClientUnknown_releasesTheClaimThenParks() {
        routes = Map.of();

        Outcome outcome = path().run(record(BODY), OPEN);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Outcome.Parked.class,
                        parked -> assertThat(parked.code()).isEqualTo(FailureCode.UNKNOWN_CLIENT));
        assertThat(calls).containsExactly("claim DemoClient", "route DemoClient", "release", "park UNKNOWN_CLIENT");
    }

    @Test
    void run_whenTopicForbidden_neverPublishesAndParks() {
        Outcome outcome = path().run(record(BODY.replace("DemoClient", "RogueClient")), OPEN);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Outcome.Parked.class,
                        parked -> assertThat(parked.code()).isEqualTo(FailureCode.FORBIDDEN_TOPIC));
        assertThat(calls).containsExactly("claim RogueClient", "route RogueClient", "release", "park FORBIDDEN_TOPIC");
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
}
