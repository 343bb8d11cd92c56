package com.qrrouter.router.internal;

import com.qrrouter.router.RetryReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.OptionalInt;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Names the kind of a failure of an outside call. Every such failure is retried (the message itself is fine); the
 * reason only tells logs and metrics what happened.
 */
public final class FailureClassifier {

    /**
     * IoT Core's answers to a publish that say it will never take this message as it is: 400 (bad request, e.g. the
     * topic), 403 (not authorized: the function's IoT policy), 413 (payload too large). Retrying cannot help; the
     * record is parked as {@code PUBLISH_REJECTED} at once (decisions 0202, 0224).
     */
    static final Set<Integer> PERMANENT_PUBLISH_REFUSALS = Set.of(400, 403, 413);

    private FailureClassifier() {}

    /** The HTTP status of an IoT publish refusal that no retry can change, or empty for any other failure. */
    public static OptionalInt publishRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkServiceException service) {
                return PERMANENT_PUBLISH_REFUSALS.contains(service.statusCode()) && !service.isThrottlingException()
                        ? OptionalInt.of(service.statusCode())
                        : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** The service's error code of a failure (e.g. {@code ForbiddenException}), else its class name. */
    static String errorCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException aws
                    && aws.awsErrorDetails() != null
                    && aws.awsErrorDetails().errorCode() != null) {
                return aws.awsErrorDetails().errorCode();
            }
        }
        return failure.getClass().getSimpleName();
    }

    public static RetryReason classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkServiceException service) {
                if (service.isThrottlingException() || service.statusCode() == 429) {
                    return RetryReason.THROTTLED;
                }
                if (service.statusCode() >= 500) {
                    return RetryReason.SERVICE_ERROR;
                }
                return RetryReason.UNEXPECTED;
            }
            if (t instanceof ApiCallTimeoutException
                    || t instanceof ApiCallAttemptTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof InterruptedIOException
                    || t instanceof AbortedException) {
                return RetryReason.TIMEOUT;
            }
            if (t instanceof IOException) {
                return RetryReason.CONNECTION_ERROR;
            }
            if (t instanceof SdkClientException && t.getCause() == null) {
                return RetryReason.CONNECTION_ERROR;
            }
        }
        return RetryReason.UNEXPECTED;
    }
}
