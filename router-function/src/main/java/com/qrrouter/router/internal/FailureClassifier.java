package com.qrrouter.router.internal;

import com.qrrouter.router.RetryReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
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

    private FailureClassifier() {}

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
