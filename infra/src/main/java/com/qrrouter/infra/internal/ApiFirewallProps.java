package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.schema.QrMessageSchema;
import java.util.Objects;
import software.amazon.awscdk.services.apigateway.Stage;

/**
 * What an {@link ApiFirewall} protects and with which bounds. Build it with {@link #builder()}; the body bound defaults
 * to the current message schema's.
 *
 * @param stage the stage: web ACL description, per-IP rate limit, log retention and removal policy
 * @param apiStage the API stage that the web ACL is associated with
 * @param maxMessageBytes the schema's bound on the body: the size rule blocks longer bodies with 413 and names the
 *     bound; default {@link QrMessageSchema#MAX_MESSAGE_BYTES}. It must be positive and at most {@link
 *     ApiFirewall#BODY_INSPECTION_BYTES}, the bytes WAF inspects
 */
public record ApiFirewallProps(StageConfig stage, Stage apiStage, long maxMessageBytes) {

    public ApiFirewallProps {
        Objects.requireNonNull(stage, "ApiFirewallProps.stage is required");
        Objects.requireNonNull(apiStage, "ApiFirewallProps.apiStage is required");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException(
                    "ApiFirewallProps.maxMessageBytes is " + maxMessageBytes + ": use the schema's positive bound");
        }
        if (maxMessageBytes > ApiFirewall.BODY_INSPECTION_BYTES) {
            throw new IllegalArgumentException("The schema allows " + maxMessageBytes + " bytes but WAF inspects "
                    + ApiFirewall.BODY_INSPECTION_BYTES
                    + ": raise BODY_INSPECTION_LIMIT (it costs extra) before raising the bound");
        }
    }

    /** A builder with the current message schema's body bound. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ApiFirewallProps}; {@code stage} and {@code apiStage} are required. */
    public static final class Builder {
        private StageConfig stage;
        private Stage apiStage;
        private long maxMessageBytes = QrMessageSchema.MAX_MESSAGE_BYTES;

        private Builder() {}

        public Builder stage(StageConfig stage) {
            this.stage = stage;
            return this;
        }

        public Builder apiStage(Stage apiStage) {
            this.apiStage = apiStage;
            return this;
        }

        public Builder maxMessageBytes(long maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public ApiFirewallProps build() {
            return new ApiFirewallProps(stage, apiStage, maxMessageBytes);
        }
    }
}
