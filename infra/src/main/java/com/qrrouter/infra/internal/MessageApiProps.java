package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.schema.QrMessageSchema;
import java.util.Objects;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * What a {@link MessageApi} is built from. Build it with {@link #builder()}; the message-schema inputs default to the
 * current schema.
 *
 * @param stage the stage: API and stage name, throttling, log levels and retention
 * @param auth the machine-client pool whose scope the authorizer checks
 * @param queue the queue that {@code POST /postmessagetosqs} sends to
 * @param requestModelJson the draft-04 request model derived from the message schema; default {@link
 *     QrMessageSchema#v1()}'s {@code apiGatewayModelJson()}
 * @param maxMessageBytes the schema's bound on the body, named in the 413 response; default {@link
 *     QrMessageSchema#MAX_MESSAGE_BYTES}
 */
public record MessageApiProps(
        StageConfig stage, MachineClientAuth auth, IQueue queue, String requestModelJson, long maxMessageBytes) {

    public MessageApiProps {
        Objects.requireNonNull(stage, "MessageApiProps.stage is required");
        Objects.requireNonNull(auth, "MessageApiProps.auth is required");
        Objects.requireNonNull(queue, "MessageApiProps.queue is required");
        Objects.requireNonNull(requestModelJson, "MessageApiProps.requestModelJson is required");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException(
                    "MessageApiProps.maxMessageBytes is " + maxMessageBytes + ": use the schema's positive bound");
        }
    }

    /** A builder with the current message schema's request model and body bound. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link MessageApiProps}; {@code stage}, {@code auth} and {@code queue} are required. */
    public static final class Builder {
        private StageConfig stage;
        private MachineClientAuth auth;
        private IQueue queue;
        private String requestModelJson = QrMessageSchema.v1().apiGatewayModelJson();
        private long maxMessageBytes = QrMessageSchema.MAX_MESSAGE_BYTES;

        private Builder() {}

        public Builder stage(StageConfig stage) {
            this.stage = stage;
            return this;
        }

        public Builder auth(MachineClientAuth auth) {
            this.auth = auth;
            return this;
        }

        public Builder queue(IQueue queue) {
            this.queue = queue;
            return this;
        }

        public Builder requestModelJson(String requestModelJson) {
            this.requestModelJson = requestModelJson;
            return this;
        }

        public Builder maxMessageBytes(long maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public MessageApiProps build() {
            return new MessageApiProps(stage, auth, queue, requestModelJson, maxMessageBytes);
        }
    }
}
