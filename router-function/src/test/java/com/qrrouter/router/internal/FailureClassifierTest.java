package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qrrouter.router.RetryReason;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class FailureClassifierTest {

    private static AwsServiceException service(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }

    @Test
    void classify_whenThrottlingCodeOr429_isThrottled() {
        assertThat(FailureClassifier.classify(service(400, "ThrottlingException")))
                .isEqualTo(RetryReason.THROTTLED);
        assertThat(FailureClassifier.classify(service(400, "ProvisionedThroughputExceededException")))
                .isEqualTo(RetryReason.THROTTLED);
        assertThat(FailureClassifier.classify(service(429, "TooManyRequests"))).isEqualTo(RetryReason.THROTTLED);
    }

    @Test
    void publishRefusal_whenBadRequestForbiddenOrTooLarge_isPermanentWithTheStatus() {
        assertThat(FailureClassifier.publishRefusal(service(400, "InvalidRequestException")))
                .hasValue(400);
        assertThat(FailureClassifier.publishRefusal(service(403, "ForbiddenException")))
                .hasValue(403);
        assertThat(FailureClassifier.publishRefusal(service(413, "RequestEntityTooLargeException")))
                .hasValue(413);
        assertThat(FailureClassifier.publishRefusal(new RuntimeException("wrapped", service(403, "Forbidden"))))
                .hasValue(403);
    }

    @Test
    void publishRefusal_whenThrottledOrServerErrorOrNoAnswer_isNotPermanent() {
        assertThat(FailureClassifier.publishRefusal(service(429, "ThrottlingException")))
                .isEmpty();
        assertThat(FailureClassifier.publishRefusal(service(400, "ThrottlingException")))
                .isEmpty();
        assertThat(FailureClassifier.publishRefusal(service(503, "ServiceUnavailable")))
                .isEmpty();
        assertThat(FailureClassifier.publishRefusal(service(401, "UnauthorizedException")))
                .isEmpty();
        assertThat(FailureClassifier.publishRefusal(new java.io.IOException("reset")))
                .isEmpty();
    }

    @Test
    void classify_whenServerError_isServiceError() {
        assertThat(FailureClassifier.classify(service(503, "ServiceUnavailable")))
                .isEqualTo(RetryReason.SERVICE_ERROR);
        assertThat(FailureClassifier.classify(service(500, "InternalFailure"))).isEqualTo(RetryReason.SERVICE_ERROR);
    }

    @Test
    void classify_whenTimeout_isTimeout() {
        assertThat(FailureClassifier.classify(ApiCallTimeoutException.create(1000)))
                .isEqualTo(RetryReason.TIMEOUT);
        assertThat(FailureClassifier.classify(SdkClientException.create("x", new SocketTimeoutException("read"))))
                .isEqualTo(RetryReason.TIMEOUT);
    }

    @Test
    void classify_whenConnectionRefused_isConnectionError() {
        assertThat(FailureClassifier.classify(SdkClientException.create("x", new ConnectException("refused"))))
                .isEqualTo(RetryReason.CONNECTION_ERROR);
    }

    @Test
    void classify_whenAccessDeniedOrUnknown_isUnexpected() {
        assertThat(FailureClassifier.classify(service(403, "AccessDeniedException")))
                .isEqualTo(RetryReason.UNEXPECTED);
        assertThat(FailureClassifier.classify(new IllegalStateException("bug"))).isEqualTo(RetryReason.UNEXPECTED);
    }
}
