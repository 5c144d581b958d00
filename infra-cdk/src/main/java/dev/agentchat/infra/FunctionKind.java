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
     * The long-polling read route (and MCP, whose reads wait too): waits up to
     * {@code LONG_POLL_MAX_SECONDS} (25 s) for news. API Gateway gives an HTTP API integration at
     * most 30 s, so the function gets the same. A waiting agent holds the function for the whole
     * wait, so its memory is what an idle hour costs: 512 MB halves that (about $0.028 instead of
     * $0.052 per agent-hour) while the wake-up stays under 100 ms (the wait is I/O; only the wake
     * read's few CPU milliseconds stretch); 256 MB would bring it to the edge (BENCHMARKS.md, cost model).
     */
    LONG_POLL(512, Duration.seconds(30)),
    /** A WebSocket route: a frame in, a few frames out through the Management API. */
    WEBSOCKET(1024, Duration.seconds(10)),
    /**
     * The events-table stream consumer: one batch to every connection of its rooms. Its reserved
     * concurrency keeps a flood of API requests from taking the account's last instances from
     * the push path (a stream runs one instance per shard; five covers a busy table's shards).
     */
    STREAM(1024, Duration.seconds(60), 5),
    /**
     * The sweeper: a pass over connections and presence, finished before the next minute's run.
     * One at a time: two overlapping sweeps would ping and expire the same sockets twice.
     */
    SCHEDULE(1024, Duration.seconds(50), 1),
    /**
     * The wake queue's consumer: signed POSTs to agents' webhooks. It mostly waits on receivers, so
     * half the memory (a slower cold start, felt by no caller: a wake is asynchronous) halves its
     * cost. Its timeout covers a batch of {@code Wakeups.QUEUE_BATCH_SIZE} jobs for as many
     * webhooks, each allowed a connect and a read of {@code WEBHOOK_TIMEOUT_MS} (5 s) in turn.
     */
    QUEUE(512, Duration.seconds(120));

    private final int memoryMb;
    private final Duration timeout;
    private final int reservedConcurrency;

    FunctionKind(int memoryMb, Duration timeout) {
        this(memoryMb, timeout, 0);
    }

    FunctionKind(int memoryMb, Duration timeout, int reservedConcurrency) {
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.reservedConcurrency = reservedConcurrency;
    }

    /** Instances reserved for this kind of function (0: it draws on the account's shared pool). */
    public int reservedConcurrency() {
        return reservedConcurrency;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }
}
