package com.qrrouter.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The MQTT 5 properties of a PUBLISH that AWS IoT Core carries from an {@code iot:Publish} to MQTT 5 subscribers:
 * content type, correlation data, user properties (in order, a name may repeat), the payload format indicator and the
 * message expiry interval (seconds; the broker discards a queued message when it runs out, and a subscriber receives
 * the time that was left when the broker sent it). An MQTT 3.1.1 subscriber gets none of them. Immutable;
 * {@link #none()} has none.
 */
public final class Mqtt5Properties {

    /** The payload format indicator: unspecified bytes (0) or UTF-8 text (1). */
    public enum PayloadFormat {
        UNSPECIFIED,
        UTF_8
    }

    /** One user property. */
    public record UserProperty(String name, String value) {
        public UserProperty {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The largest message expiry interval MQTT 5 can carry (a four-byte integer), in seconds. */
    public static final long MAX_MESSAGE_EXPIRY_INTERVAL = 0xFFFF_FFFFL;

    private static final Mqtt5Properties NONE = builder().build();

    private final String contentType;
    private final byte[] correlationData;
    private final List<UserProperty> userProperties;
    private final PayloadFormat payloadFormat;
    private final Long messageExpiryInterval;

    private Mqtt5Properties(Builder builder) {
        this.contentType = builder.contentType;
        this.correlationData = builder.correlationData == null ? null : builder.correlationData.clone();
        this.userProperties = List.copyOf(builder.userProperties);
        this.payloadFormat = builder.payloadFormat;
        this.messageExpiryInterval = builder.messageExpiryInterval;
    }

    public static Mqtt5Properties none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The correlation data as sent (a copy). */
    public Optional<byte[]> correlationData() {
        return Optional.ofNullable(correlationData).map(byte[]::clone);
    }

    /** The correlation data as UTF-8 text (the router sends the API request id). */
    public Optional<String> correlationDataText() {
        return Optional.ofNullable(correlationData).map(data -> new String(data, StandardCharsets.UTF_8));
    }

    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** The value of the first user property called {@code name}. */
    public Optional<String> userProperty(String name) {
        return userProperties.stream()
                .filter(property -> property.name().equals(name))
                .map(UserProperty::value)
                .findFirst();
    }

    /** The payload format indicator; empty if the PUBLISH had none (which means unspecified bytes). */
    public Optional<PayloadFormat> payloadFormat() {
        return Optional.ofNullable(payloadFormat);
    }

    /**
     * The message expiry interval in seconds; empty if the message never expires. On a received message it is the time
     * that was left when the broker sent it.
     */
    public Optional<Long> messageExpiryInterval() {
        return Optional.ofNullable(messageExpiryInterval);
    }

    /** Whether it has no property at all (what an MQTT 3.1.1 subscriber sees). */
    public boolean isEmpty() {
        return contentType == null
                && correlationData == null
                && userProperties.isEmpty()
                && payloadFormat == null
                && messageExpiryInterval == null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mqtt5Properties that
                && Objects.equals(contentType, that.contentType)
                && Arrays.equals(correlationData, that.correlationData)
                && userProperties.equals(that.userProperties)
                && payloadFormat == that.payloadFormat
                && Objects.equals(messageExpiryInterval, that.messageExpiryInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                contentType, Arrays.hashCode(correlationData), userProperties, payloadFormat, messageExpiryInterval);
    }

    @Override
    public String toString() {
        return "Mqtt5Properties[contentType=" + contentType + ", correlationData="
                + correlationDataText().orElse(null) + ", userProperties=" + userProperties + ", payloadFormat="
                + payloadFormat + ", messageExpiryInterval=" + messageExpiryInterval + "]";
    }

    /** Builds {@link Mqtt5Properties}; every property absent by default. */
    public static final class Builder {
        private String contentType;
        private byte[] correlationData;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private PayloadFormat payloadFormat;
        private Long messageExpiryInterval;

        private Builder() {}

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder correlationData(byte[] correlationData) {
            this.correlationData = correlationData == null ? null : correlationData.clone();
            return this;
        }

        /** Adds a user property after those added before (a name may repeat, as MQTT 5 allows). */
        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder payloadFormat(PayloadFormat payloadFormat) {
            this.payloadFormat = payloadFormat;
            return this;
        }

        /**
         * The message expiry interval in seconds, 0 to 4294967295 (MQTT 5's four-byte integer); {@code null} for a
         * message that never expires.
         */
        public Builder messageExpiryInterval(Long seconds) {
            if (seconds != null && (seconds < 0 || seconds > MAX_MESSAGE_EXPIRY_INTERVAL)) {
                throw new IllegalArgumentException("message expiry interval must be 0 to " + MAX_MESSAGE_EXPIRY_INTERVAL
                        + " seconds, got " + seconds);
            }
            this.messageExpiryInterval = seconds;
            return this;
        }

        public Mqtt5Properties build() {
            return new Mqtt5Properties(this);
        }
    }
}
