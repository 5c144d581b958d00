package dev.agentchat.infra;

import software.amazon.awscdk.Duration;

/**
 * Memory and timeout by what a handler does. Lambda gives CPU in proportion to memory; 1024 MB
 * (a little over half a vCPU) keeps JVM handlers and bcrypt (signup, login) responsive, and
 * like all Lambda settings it costs only while a request runs.
 */
public enum FunctionKind {
    /** An HTTP API route: one or two DynamoDB round trips. */
    HTTP(1024, Duration.seconds(10)),
    /**
     * The long-polling read route: waits up to {@code LONG_POLL_MAX_SECONDS} (25 s) for news.
     * API Gateway gives an HTTP API integration at most 30 s, so the function gets the same.
     */
    LONG_POLL(1024, Duration.seconds(30)),
    /** A WebSocket route: a frame in, a few frames out through the Management API. */
    WEBSOCKET(1024, Duration.seconds(10)),
    /** The events-table stream consumer: one batch to every connection of its rooms. */
    STREAM(1024, Duration.seconds(60)),
    /** The sweeper: a pass over connections and presence, finished before the next minute's run. */
    SCHEDULE(1024, Duration.seconds(50));

    private final int memoryMb;
    private final Duration timeout;

    FunctionKind(int memoryMb, Duration timeout) {
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }
}
