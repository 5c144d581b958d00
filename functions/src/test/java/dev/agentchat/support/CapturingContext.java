package dev.agentchat.support;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context that keeps the request log entries (and log lines) written with it, as the standalone server's does. */
public final class CapturingContext implements Context, RequestLog.Sink {
    private final String requestId;
    private final List<RequestLog.Entry> entries = new CopyOnWriteArrayList<>();
    private final List<RequestLog.Entry> lines = new CopyOnWriteArrayList<>();

    public CapturingContext(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public void write(RequestLog.Entry entry) {
        entries.add(entry);
    }

    public List<RequestLog.Entry> entries() {
        return entries;
    }

    @Override
    public void line(RequestLog.Entry line) {
        lines.add(line);
    }

    /** The lines logged below the edge (SLF4J) while a request with this context ran. */
    public List<RequestLog.Entry> lines() {
        return lines;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "test";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:local:000000000000:function:test";
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
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
