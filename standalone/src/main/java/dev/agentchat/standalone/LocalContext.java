package dev.agentchat.standalone;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.agentchat.support.RequestLog;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda {@link Context} handlers get when the standalone server invokes them; as a
 * {@link RequestLog.Sink} it hands their request log entries to the server's log.
 */
final class LocalContext implements Context, RequestLog.Sink {
    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String requestId;
    private final RequestLog.Sink log;

    LocalContext(String requestId, RequestLog.Sink log) {
        this.requestId = requestId;
        this.log = log;
    }

    @Override
    public void write(RequestLog.Entry entry) {
        log.write(entry);
    }

    @Override
    public void line(RequestLog.Entry line) {
        log.line(line);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "standalone";
    }

    @Override
    public String getLogStreamName() {
        return "standalone";
    }

    @Override
    public String getFunctionName() {
        return "agentchat-standalone";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:local:000000000000:function:agentchat-standalone";
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
        return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return LOGGER;
    }
}
