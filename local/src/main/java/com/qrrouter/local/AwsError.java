package com.qrrouter.local;

import java.util.Objects;

/**
 * An error answer an AWS service gives, for fault injection: the HTTP status and the error code the SDK reads
 * ({@code x-amzn-ErrorType} of a REST-JSON service such as the IoT data plane, the part after {@code #} of
 * {@code __type} of an AWS JSON service such as DynamoDB and SQS). The constants are the answers the real services
 * give; the SDK classifies the throttling ones with {@code isThrottlingException()} and retries every one of them.
 */
public record AwsError(int status, String code) {

    /** IoT data plane: {@code 503 ServiceUnavailableException}. */
    public static final AwsError IOT_SERVICE_UNAVAILABLE = new AwsError(503, "ServiceUnavailableException");

    /** IoT data plane: {@code 500 InternalFailureException}. */
    public static final AwsError IOT_INTERNAL_FAILURE = new AwsError(500, "InternalFailureException");

    /** IoT data plane: {@code 429 ThrottlingException} ("The rate exceeds the limit"). */
    public static final AwsError IOT_THROTTLING = new AwsError(429, "ThrottlingException");

    /** DynamoDB: {@code 400 ProvisionedThroughputExceededException} (a table or partition over its capacity). */
    public static final AwsError DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED =
            new AwsError(400, "ProvisionedThroughputExceededException");

    /** DynamoDB: {@code 400 ThrottlingException} (on-demand table scaling, control-plane rates). */
    public static final AwsError DYNAMODB_THROTTLING = new AwsError(400, "ThrottlingException");

    /** DynamoDB: {@code 500 InternalServerError}. */
    public static final AwsError DYNAMODB_INTERNAL_SERVER_ERROR = new AwsError(500, "InternalServerError");

    /** SQS: {@code 500 InternalError}. */
    public static final AwsError SQS_INTERNAL_ERROR = new AwsError(500, "InternalError");

    /** SQS: {@code 400 RequestThrottled} (the SDK's {@code RequestThrottledException}). */
    public static final AwsError SQS_REQUEST_THROTTLED = new AwsError(400, "RequestThrottled");

    public AwsError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("An error answer has a 4xx or 5xx status, got " + status);
        }
        Objects.requireNonNull(code, "code");
    }

    /** Whether the SDK reports it as a client error (4xx): the "Sender" side of an SQS query error. */
    boolean isClientError() {
        return status < 500;
    }

    /** The standard reason phrase of the status. */
    String reasonPhrase() {
        return switch (status) {
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
