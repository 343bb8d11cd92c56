package com.qrrouter.local.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.qrrouter.local.LocalAws;
import com.qrrouter.settings.PipelineSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The Lambda context of one invocation for tests that call a handler in their own JVM: request id, function identity,
 * the time left before the deadline. The router's own JVM does not use it: there AWS's runtime interface client builds
 * the context from the Runtime API's headers ({@link RouterJvm}).
 */
public final class LocalLambdaContext implements Context {

    /** Memory size reported when the caller does not set one: the router's size in {@code infra/}. */
    private static final int DEFAULT_MEMORY_MB = PipelineSettings.FUNCTION_MEMORY_MB;

    private final String requestId;
    private final String functionName;
    private final String functionArn;
    private final int memoryMb;
    private final long deadlineMillis;

    /** A context for one invocation of {@code functionName} with a fresh request id and {@code timeout} from now. */
    public static LocalLambdaContext create(String functionName, Duration timeout) {
        return new LocalLambdaContext(
                UUID.randomUUID().toString(),
                functionName,
                "arn:aws:lambda:" + LocalAws.REGION.id() + ":" + LocalAws.ACCOUNT_ID + ":function:" + functionName,
                DEFAULT_MEMORY_MB,
                System.currentTimeMillis() + timeout.toMillis());
    }

    LocalLambdaContext(String requestId, String functionName, String functionArn, int memoryMb, long deadlineMillis) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryMb = memoryMb;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
