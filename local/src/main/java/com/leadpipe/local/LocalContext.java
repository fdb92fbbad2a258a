package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda {@link Context} of one local invocation: names from the template, the remaining time
 * counted down from the function's Timeout (real time, as in Lambda), a logger to stdout.
 */
record LocalContext(String functionName, String requestId, int memoryMb, long deadlineNanos) implements Context {

    private static final LambdaLogger STDOUT = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
            System.out.println(new String(message, StandardCharsets.UTF_8));
        }
    };

    static LocalContext start(String functionName, String requestId, int memoryMb, int timeoutSeconds) {
        return new LocalContext(functionName, requestId, memoryMb, System.nanoTime() + timeoutSeconds * 1_000_000_000L);
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
        return LocalAws.arn("lambda", "function:" + functionName);
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
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return STDOUT;
    }
}
