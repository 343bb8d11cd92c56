package com.qrrouter.router.internal;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.IdempotencyGuard;
import com.qrrouter.router.MessagePublisher;
import com.qrrouter.router.MqttMessage;
import com.qrrouter.router.RouteTable;
import com.qrrouter.router.ScanIdentity;
import com.qrrouter.schema.QrMessage;
import com.qrrouter.schema.QrMessageSchema;
import com.qrrouter.schema.ValidationError;
import com.qrrouter.schema.ValidationErrorCode;
import com.qrrouter.schema.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one SQS record: validate the body against the QR message schema, claim the scan (idempotency), look up the
 * client's topic, check it, publish the body unchanged. Never throws: every failure becomes an {@link Outcome}.
 *
 * <p>Only a publish is remembered by the idempotency store: a claim that ends in a park or a retry is released, so a
 * message redriven after its cause is fixed (route added) is delivered.
 *
 * <p>Every outside call obeys the batch's {@link Deadline}: none starts unless it can end before the deadline.
 */
public final class RecordRouter {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRouter.class);
    private static final int MAX_REASON_ERRORS = 5;
    private static final long FIRST_POLL_MILLIS = 25;
    private static final long MAX_POLL_MILLIS = 200;

    private final QrMessageSchema schema;
    private final IdempotencyGuard idempotency;
    private final RouteTable routes;
    private final TopicPolicy topicPolicy;
    private final MessagePublisher publisher;
    private final Duration inProgressWait;

    public RecordRouter(
            QrMessageSchema schema,
            IdempotencyGuard idempotency,
            RouteTable routes,
            TopicPolicy topicPolicy,
            MessagePublisher publisher,
            Duration inProgressWait) {
        this.inProgressWait = Objects.requireNonNull(inProgressWait, "inProgressWait");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.topicPolicy = Objects.requireNonNull(topicPolicy, "topicPolicy");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * Routes one message body.
     *
     * @param body the SQS message body
     * @param correlationId the API request id, or {@code null}
     * @param deadline the batch's deadline: no outside call starts unless it can end before it
     */
    public Outcome route(String body, String correlationId, Deadline deadline) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        ValidationResult result = schema.validate(payload);
        Optional<QrMessage> message = result.message();
        if (!result.isValid() || message.isEmpty()) {
            return rejected(result.errors());
        }
        QrMessage qr = message.get();
        ScanIdentity scan = new ScanIdentity(qr.clientId(), qr.qrCode(), qr.time());
        if (!scan.isWellFormedUnicode()) {
            // Two different scans must never share an idempotency key: text that is not well-formed (an unpaired
            // surrogate, sent as a JSON escape) would be encoded lossily (QRCode "A" + U+D800 like "A?") when hashed.
            return new Outcome.Parked(
                    FailureCode.SCHEMA_VIOLATION,
                    "Invalid QR message: ClientID, QRCode or Time holds an unpaired UTF-16 surrogate.",
                    null);
        }
        if (!deadline.allowsCall()) {
            return tooLate("claiming the scan");
        }

        IdempotencyGuard.Claim claim;
        try {
            claim = claimWaitingForOtherAttempt(scan, deadline);
        } catch (RuntimeException e) {
            return retry(e, "idempotency store");
        }
        if (claim == IdempotencyGuard.Claim.ALREADY_PUBLISHED) {
            return new Outcome.Duplicate(scan.clientId());
        }
        if (claim == IdempotencyGuard.Claim.IN_PROGRESS) {
            return new Outcome.Retry(RetryReason.IN_PROGRESS, "the same scan is being published by another attempt");
        }

        Outcome outcome = routeClaimed(scan, payload, correlationId, deadline);
        if (!deadline.allowsCall()) {
            // No call may start now; the claim ends by itself at its in-progress expiry (after the deadline).
            LOG.warn(
                    "Deadline too close to settle the idempotency claim; it expires by itself {} {}",
                    entry("clientId", scan.clientId()),
                    entry("outcome", outcome.getClass().getSimpleName()));
        } else if (outcome instanceof Outcome.Published published) {
            try {
                idempotency.complete(scan, published.topic());
            } catch (RuntimeException e) {
                // Published already: acknowledging is right. The claim expires by itself; until then the scan counts
                // as in progress, afterwards a re-POST would publish again (at-least-once, never lost).
                LOG.warn("Published but could not record the scan as done {}", entry("clientId", scan.clientId()), e);
            }
        } else {
            release(scan, outcome);
        }
        return outcome;
    }

    /**
     * Claims the scan; if another attempt holds it (the same scan twice in one batch, or a re-POST racing a
     * redelivery), waits a little for that attempt to finish: it usually does within milliseconds, and then this
     * record is a plain duplicate (or, if it was released, this attempt takes over) instead of a retry that costs an
     * SQS receive and a visibility timeout.
     */
    private IdempotencyGuard.Claim claimWaitingForOtherAttempt(ScanIdentity scan, Deadline deadline) {
        long start = System.nanoTime();
        long waitNanos = Math.min(inProgressWait.toNanos(), deadline.remaining().toNanos() / 2);
        long pollMillis = FIRST_POLL_MILLIS;
        while (true) {
            IdempotencyGuard.Claim claim = idempotency.claim(scan, deadline.claimTime());
            if (claim != IdempotencyGuard.Claim.IN_PROGRESS || System.nanoTime() - start >= waitNanos) {
                return claim;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claim;
            }
            if (!deadline.allowsCall()) {
                return claim;
            }
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
        }
    }

    private Outcome routeClaimed(ScanIdentity scan, byte[] payload, String correlationId, Deadline deadline) {
        if (!deadline.allowsCall()) {
            return tooLate("reading the route");
        }
        Optional<String> topic;
        try {
            topic = routes.topicFor(scan.clientId());
        } catch (RuntimeException e) {
            return retry(e, "routes table");
        }
        if (topic.isEmpty()) {
            return new Outcome.Parked(
                    FailureCode.UNKNOWN_CLIENT,
                    "No route for ClientID '" + scan.clientId() + "' in the routes table.",
                    scan.clientId());
        }
        Optional<String> problem = topicPolicy.check(topic.get());
        if (problem.isPresent()) {
            return new Outcome.Parked(
                    FailureCode.FORBIDDEN_TOPIC,
                    "The route of ClientID '" + scan.clientId() + "' cannot be published to: " + problem.get() + ".",
                    scan.clientId());
        }
        if (!deadline.allowsCall()) {
            return tooLate("publishing");
        }
        try {
            publisher.publish(new MqttMessage(topic.get(), payload, correlationId));
        } catch (RuntimeException e) {
            return retry(e, "IoT publish");
        }
        return new Outcome.Published(topic.get(), scan.clientId());
    }

    private void release(ScanIdentity scan, Outcome outcome) {
        try {
            idempotency.release(scan, new IllegalStateException("not published: " + outcome));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not release the idempotency claim; a retry waits until it expires {}",
                    entry("clientId", scan.clientId()),
                    e);
        }
    }

    /** The record is retried because no call may start this close to the deadline. */
    public static Outcome.Retry tooLate(String step) {
        return new Outcome.Retry(RetryReason.DEADLINE, "the batch deadline is too close to start " + step);
    }

    private static Outcome.Retry retry(RuntimeException e, String what) {
        RetryReason reason = FailureClassifier.classify(e);
        return new Outcome.Retry(reason, what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static Outcome.Parked rejected(List<ValidationError> errors) {
        FailureCode code = FailureCode.SCHEMA_VIOLATION;
        for (ValidationError error : errors) {
            if (error.code() == ValidationErrorCode.INVALID_JSON
                    || error.code() == ValidationErrorCode.TOO_DEEP
                    || error.code() == ValidationErrorCode.DUPLICATE_KEY) {
                code = FailureCode.MALFORMED_JSON;
                break;
            }
            if (error.code() == ValidationErrorCode.TOO_LARGE) {
                code = FailureCode.MESSAGE_TOO_LARGE;
            }
        }
        // Pointer and code only: an error's message or value could quote the QR code.
        String detail = errors.stream()
                .limit(MAX_REASON_ERRORS)
                .map(error -> (error.pointer() == null || error.pointer().isEmpty() ? "/" : error.pointer()) + " "
                        + error.code())
                .collect(Collectors.joining("; "));
        if (errors.size() > MAX_REASON_ERRORS) {
            detail += "; and " + (errors.size() - MAX_REASON_ERRORS) + " more";
        }
        if (detail.isEmpty()) {
            detail = "the body is not a valid QR message";
        }
        return new Outcome.Parked(code, "Invalid QR message: " + detail + ".", null);
    }
}
