package dev.agentchat.bench.cost;

import dev.agentchat.bench.warmpath.WarmPathBench;
import java.util.Map;

/**
 * What the cost model prices: per-request figures measured by {@code WarmPathBench} (Lambda time
 * taken as the request's server-side latency, DynamoDB capacity units as AWS bills them), the
 * deployment's settings (memory per function kind, long-poll timing, sweep interval) and, where
 * nothing measures a figure here, an estimate (named {@code est} in {@link #RECORDED}).
 *
 * @param restSend          an agent's REST send (POST messages → 201)
 * @param wsSend            a WebSocket send: the REST send's work plus the connection lookup (est.)
 * @param mcpSend           an MCP send_message: the REST send's work plus a separate room check (est.)
 * @param wakeRead          a read that returns what arrived (a long-poll's wake-up, an MCP read)
 * @param emptyRead         a read that finds nothing new (a plain poll, a long-poll's first look)
 * @param pong              a WebSocket pong frame (the connection's ping bookkeeping)
 * @param fanOutBaseMs      each stream consumer's time for a batch of one event, before pushing
 * @param fanOutPushMs      one PostToConnection round trip (pushes run {@code fanOutThreads} at a time)
 * @param fanOutReadUnits   the push path's DynamoDB read units per event (connections, wakes)
 * @param eventItemBytes    a stored message event (its item, kept once more by the by_ts index)
 * @param logBytesPerInvocation CloudWatch Logs bytes per invocation: our JSON line plus Lambda's START/END/REPORT
 * @param headReadUnits     read units of one long-poll head check (1 strongly consistent, 0.5 eventually)
 * @param accessCheckUnits  read units of a waiting REST read's access check (the key with its room)
 * @param touchWriteUnits   write units of a presence refresh (the key item and its by_room index)
 * @param sweeperMsPerConnection the sweeper's Lambda time per connection and sweep (its ping push)
 * @param sweeperReadUnitsPerConnection the sweeper's read units per connection and sweep
 * @param webhookDeliveryMs a webhook delivery's Lambda time (mostly the receiver's answer)
 * @param webhookWriteUnits write units a delivery records (the key's webhook state)
 * @param awsCallMs         one DynamoDB call's round trip from Lambda in its region (est.)
 */
public record CostInputs(
        Call restSend, Call wsSend, Call mcpSend, Call wakeRead, Call emptyRead, Call pong,
        double fanOutBaseMs, double fanOutPushMs, int fanOutThreads, double fanOutReadUnits,
        double eventItemBytes, double logBytesPerInvocation,
        int httpMemoryMb, int longPollMemoryMb, int webSocketMemoryMb, int streamMemoryMb, int scheduleMemoryMb,
        double waitSeconds, double headIntervalMs, double headReadUnits, double accessCheckMs,
        double accessCheckUnits, double touchEverySeconds, double touchWriteUnits, double pollEverySeconds,
        double sweepEverySeconds, double sweeperMsPerConnection, double sweeperReadUnitsPerConnection,
        double webhookDeliveryMs, double webhookWriteUnits, int sqsRequestsPerWake, double awsCallMs) {

    /**
     * One request: its time here (server side, on a whole core), the CPU part of it, and the
     * DynamoDB calls and request units it costs (as AWS bills them).
     */
    public record Call(double wallMs, double cpuMs, double calls, double readUnits, double writeUnits) {
        /**
         * Its Lambda duration at {@code memoryMb}: Lambda gives a function CPU in proportion to
         * memory, one vCPU at 1,769 MB, so the CPU part stretches below that; the rest is waiting.
         */
        public double lambdaMs(int memoryMb) {
            return Math.max(0, wallMs - cpuMs) + cpuMs * Math.max(1, FULL_VCPU_MB / memoryMb);
        }
    }

    /** Lambda's memory size with one full vCPU. */
    static final double FULL_VCPU_MB = 1769;

    /**
     * DynamoDB Local reports 4 write units per item of a transaction (and per index it updates),
     * AWS bills 2 per KB of each item (prepare and commit): transactional units are halved to
     * price them. Items here are all under 1 KB.
     */
    static final double LOCAL_TO_AWS_TRANSACTION_UNITS = 0.5;

    /**
     * Calls and units of {@code CallCountTest} / {@code WarmPathBench} on 2026-12-02 after the send limit
     * moved onto the key (CPU ms from the same run; 2-core machine, other builds running). A request's time
     * is its calls at {@code awsCallMs} (4 ms, est.: DynamoDB from Lambda in its region) plus that
     * CPU, since here each call to DynamoDB Local took 10 ms or more on the loaded machine
     * ({@code --measure} prices the times measured here instead: pessimistic). Settings are the CDK
     * app's ({@code FunctionKind}) and {@code Limits}'; {@code est} marks the estimates.
     */
    public static final CostInputs RECORDED = new CostInputs(
            new Call(3 * 4 + 9.8, 9.8, 3, 2.5, 12.0),   // send: BatchGetItem, Query, transaction (24 local WCU, send limit on the key)
            new Call(4 * 4 + 11.8, 11.8, 4, 3.5, 12.0), // WebSocket: + the connection's GetItem
            new Call(4 * 4 + 10.9, 10.9, 4, 2.5, 12.0), // MCP: key and room by GetItem (the URL names no room), Query, transaction
            new Call(3 * 4 + 6.7, 6.7, 3, 3.0, 1.0),    // read: BatchGetItem, Query, limits
            new Call(3 * 4 + 6.0, 6.0, 3, 2.0, 1.0),    // empty read: the cursor echoed from the authentication's room read
            new Call(1 * 4 + 2.0, 2.0, 1, 0, 1.0),      // est: pong = one UpdateItem of the connection
            10.0, 15.0, 16, 1.0,                   // est base and push times; 16 = Wiring.PUSH_THREADS; two queries
            356, 700,                              // the send's 201 body (≈ the stored item); est. log bytes
            1024, 512, 1024, 1024, 1024,           // FunctionKind: HTTP, LONG_POLL, WEBSOCKET, STREAM, SCHEDULE
            25, 100, 0.5, 1000, 2.0,               // LONG_POLL_MAX_SECONDS, LONG_POLL_INTERVAL_MS, eventual head; 1 s checks
            10, 2.0, 4,                            // presence refresh every 10 s (key + by_room index); seed design polls every 4 s
            60, 5.0, 0.5,                          // SWEEP_INTERVAL_SECONDS; est sweeper share
            150.0, 2.0, 3,                         // est: receiver answers in ~150 ms; SQS send + receive + delete
            4.0);                                  // est: a DynamoDB call from Lambda, same region

    /** These inputs with the warm path's measured figures (send, read, empty read) in place of the recorded ones. */
    public CostInputs withMeasured(Map<String, WarmPathBench.Result> measured) {
        Call send = call(measured.get("send"));
        Call read = call(measured.get("read"));
        Call empty = measured.containsKey("empty read") ? call(measured.get("empty read")) : emptyRead;
        // WebSocket and MCP sends do the REST send's work plus one single-item read (the socket's connection;
        // MCP's key and room are two reads where REST's are one batch), taking the send's average time per call.
        double perCallMs = send.wallMs() / Math.max(1, send.calls());
        Call ws = new Call(send.wallMs() + perCallMs, send.cpuMs(), send.calls() + 1, send.readUnits() + 1, send.writeUnits());
        Call mcp = new Call(send.wallMs() + perCallMs, send.cpuMs(), send.calls() + 1, send.readUnits(), send.writeUnits());
        return new CostInputs(send, ws, mcp, read, empty, pong, fanOutBaseMs, fanOutPushMs,
                // AWS bills a query at least half a unit even when it finds nothing: the fan-out's
                // connections query and the wake handler's keys query.
                fanOutThreads, Math.max(1.0, measured.get("send").backgroundReadUnits()),
                measured.get("send").responseBytes(),
                logBytesPerInvocation, httpMemoryMb, longPollMemoryMb, webSocketMemoryMb, streamMemoryMb,
                scheduleMemoryMb, waitSeconds, headIntervalMs, headReadUnits, accessCheckMs, accessCheckUnits,
                touchEverySeconds, touchWriteUnits, pollEverySeconds, sweepEverySeconds, sweeperMsPerConnection,
                sweeperReadUnitsPerConnection, webhookDeliveryMs, webhookWriteUnits, sqsRequestsPerWake,
                awsCallMs);
    }

    /** These inputs with the long-poll function at another memory size and another head check. */
    public CostInputs withLongPoll(int memoryMb, double intervalMs, double headUnits) {
        return new CostInputs(restSend, wsSend, mcpSend, wakeRead, emptyRead, pong, fanOutBaseMs, fanOutPushMs,
                fanOutThreads, fanOutReadUnits, eventItemBytes, logBytesPerInvocation, httpMemoryMb, memoryMb,
                webSocketMemoryMb, streamMemoryMb, scheduleMemoryMb, waitSeconds, intervalMs, headUnits, accessCheckMs,
                accessCheckUnits, touchEverySeconds, touchWriteUnits, pollEverySeconds, sweepEverySeconds,
                sweeperMsPerConnection, sweeperReadUnitsPerConnection, webhookDeliveryMs, webhookWriteUnits,
                sqsRequestsPerWake, awsCallMs);
    }

    private static Call call(WarmPathBench.Result r) {
        double writeUnits = r.writeUnits() - r.transactionWriteUnits()
                + r.transactionWriteUnits() * LOCAL_TO_AWS_TRANSACTION_UNITS;
        return new Call(r.p50Ms(), Math.min(r.p50Ms(), r.serverCpuMs()), r.calls(), r.readUnits(), writeUnits);
    }
}
