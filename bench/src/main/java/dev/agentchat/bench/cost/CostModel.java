package dev.agentchat.bench.cost;

import dev.agentchat.bench.BenchArgs;
import dev.agentchat.bench.warmpath.WarmPathBench;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost model (a bench, not a test): what AgentChat costs on AWS per million messages, by
 * transport and room size, and per idle agent-hour, by how the agent waits; beside it the seed
 * design's plain polling and the AWS sample "simple websockets chat app" (scan the connections
 * table per message and post to every connection).
 *
 * <pre>
 * java -cp bench/target/agentchat-bench.jar dev.agentchat.bench.cost.CostModel [--measure] [--requests 200]
 * </pre>
 *
 * Without {@code --measure} it prices {@link CostInputs#RECORDED}; with it, it first runs
 * {@link WarmPathBench} and prices what that measured. Prices: {@link Prices#US_EAST_1}.
 * Every figure is a sum of line items (count × unit price), each computed here and nowhere else.
 */
public final class CostModel {
    /** How a room's agents send and receive. */
    public enum Transport { REST, WEBSOCKET, MCP }

    /** How an idle agent waits for the next message. */
    public enum IdleMode { WEBSOCKET, LONG_POLL, PLAIN_POLLING, MCP, WEBHOOK }

    /** A cost as its line items (name → dollars), in the order they were added. */
    public static final class Bill {
        private final Map<String, Double> items = new LinkedHashMap<>();

        Bill add(String item, double dollars) {
            items.merge(item, dollars, Double::sum);
            return this;
        }

        Bill add(Bill other, double times) {
            other.items.forEach((k, v) -> add(k, v * times));
            return this;
        }

        public double total() {
            return items.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        public double item(String name) {
            return items.getOrDefault(name, 0.0);
        }

        public Map<String, Double> items() {
            return Map.copyOf(items);
        }
    }

    static final String LAMBDA_TIME = "Lambda GB-s";
    static final String LAMBDA_REQUESTS = "Lambda requests";
    static final String HTTP_API = "HTTP API requests";
    static final String WS_MESSAGES = "WebSocket messages";
    static final String WS_MINUTES = "WebSocket connection-minutes";
    static final String DYNAMO_READS = "DynamoDB reads";
    static final String DYNAMO_WRITES = "DynamoDB writes";
    static final String SQS = "SQS requests";
    static final String LOGS = "CloudWatch Logs";

    private static final double HOUR_SECONDS = 3600;

    private final Prices prices;
    private final CostInputs in;

    public CostModel(Prices prices, CostInputs inputs) {
        this.prices = prices;
        this.in = inputs;
    }

    // ------------------------------------------------------------------ building blocks

    /** One invocation of {@code ms} at {@code memoryMb} on arm64, with its request and its log lines. */
    Bill invocation(double ms, int memoryMb) {
        return new Bill()
                .add(LAMBDA_TIME, ms / 1000 * memoryMb / 1024.0 * prices.lambdaArmGbSecond())
                .add(LAMBDA_REQUESTS, prices.lambdaRequest())
                .add(LOGS, in.logBytesPerInvocation() / 1e9 * prices.logsIngestGb());
    }

    Bill dynamo(double readUnits, double writeUnits) {
        return new Bill().add(DYNAMO_READS, readUnits * prices.dynamoReadUnit())
                .add(DYNAMO_WRITES, writeUnits * prices.dynamoWriteUnit());
    }

    /** An HTTP API request served by a function of {@code memoryMb}. */
    Bill httpCall(CostInputs.Call call, int memoryMb) {
        return new Bill().add(HTTP_API, prices.httpApiRequest()).add(invocation(call.lambdaMs(memoryMb), memoryMb), 1)
                .add(dynamo(call.readUnits(), call.writeUnits()), 1);
    }

    /**
     * The events stream's two consumers for one event: the fan-out, pushing it to {@code pushes}
     * connections, and the wake handler (which finds no webhook to wake here).
     */
    Bill fanOut(int pushes) {
        double rounds = Math.ceil(pushes / (double) in.fanOutThreads());
        return new Bill().add(invocation(in.fanOutBaseMs() + rounds * in.fanOutPushMs(), in.streamMemoryMb()), 1)
                .add(invocation(in.fanOutBaseMs(), in.streamMemoryMb()), 1)
                .add(dynamo(in.fanOutReadUnits(), 0), 1)
                .add(WS_MESSAGES, pushes * prices.webSocketMessage());
    }

    // ------------------------------------------------------------------ per message

    /**
     * One message in a room of {@code agents} agents that all use {@code transport}: the send, the
     * push path, and each other agent receiving it (REST and MCP agents wait in a long-poll that
     * wakes with it: one read each; their waiting itself is priced per idle hour). Assumes sparse
     * traffic: one event per stream batch and per wake-up (busy rooms batch, so cost less).
     */
    public Bill perMessage(Transport transport, int agents) {
        int others = agents - 1;
        Bill bill = new Bill();
        switch (transport) {
            case REST -> bill.add(httpCall(in.restSend(), in.httpMemoryMb()), 1)
                    .add(fanOut(0), 1)
                    .add(httpCall(in.wakeRead(), in.longPollMemoryMb()), others);
            case MCP -> bill.add(httpCall(in.mcpSend(), in.longPollMemoryMb()), 1)
                    .add(fanOut(0), 1)
                    .add(httpCall(in.wakeRead(), in.longPollMemoryMb()), others);
            case WEBSOCKET -> bill.add(WS_MESSAGES, 2 * prices.webSocketMessage()) // the frame in, its ack out
                    .add(invocation(in.wsSend().lambdaMs(in.webSocketMemoryMb()), in.webSocketMemoryMb()), 1)
                    .add(dynamo(in.wsSend().readUnits(), in.wsSend().writeUnits()), 1)
                    .add(fanOut(others), 1);
        }
        return bill;
    }

    /** Storing a million message events for a month (the item and its by_ts index copy). */
    public double storagePerMillionMessagesMonth() {
        return 1e6 * in.eventItemBytes() * 2 / 1e9 * prices.dynamoStorageGbMonth();
    }

    // ------------------------------------------------------------------ per idle agent-hour

    /** An hour in which nothing is said, for one agent waiting in {@code mode}. */
    public Bill idleHour(IdleMode mode) {
        Bill bill = new Bill();
        switch (mode) {
            case WEBSOCKET -> {
                double sweeps = HOUR_SECONDS / in.sweepEverySeconds();
                bill.add(WS_MINUTES, 60 * prices.webSocketConnMinute())
                        .add(WS_MESSAGES, sweeps * 2 * prices.webSocketMessage()) // ping out, pong in
                        .add(invocation(in.pong().lambdaMs(in.webSocketMemoryMb()), in.webSocketMemoryMb()), sweeps)
                        .add(dynamo(in.pong().readUnits(), in.pong().writeUnits()), sweeps)
                        // The sweeper's share: its time and reads per connection (its own invocation is shared).
                        .add(LAMBDA_TIME, sweeps * in.sweeperMsPerConnection() / 1000 * in.scheduleMemoryMb() / 1024.0
                                * prices.lambdaArmGbSecond())
                        .add(dynamo(in.sweeperReadUnitsPerConnection(), 0), sweeps);
            }
            case LONG_POLL, MCP -> {
                double waits = HOUR_SECONDS / in.waitSeconds();
                // Each wait: the request and its first (empty) look; the function is held for the whole wait.
                CostInputs.Call look = new CostInputs.Call(0, 0, in.emptyRead().calls(), in.emptyRead().readUnits(),
                        in.emptyRead().writeUnits());
                bill.add(httpCall(look, in.longPollMemoryMb()), waits)
                        .add(LAMBDA_TIME, HOUR_SECONDS * in.longPollMemoryMb() / 1024.0 * prices.lambdaArmGbSecond())
                        .add(dynamo(HOUR_SECONDS * 1000 / in.headIntervalMs() * in.headReadUnits(), 0), 1);
                if (in.waitSeconds() >= in.touchEverySeconds()) {
                    bill.add(dynamo(0, in.touchWriteUnits()), waits);
                }
                if (mode == IdleMode.LONG_POLL) {
                    // A waiting REST read checks about once a second that its caller may still read (MCP's does not).
                    bill.add(dynamo(HOUR_SECONDS * 1000 / in.accessCheckMs() * in.accessCheckUnits(), 0), 1);
                }
            }
            case PLAIN_POLLING -> {
                double polls = HOUR_SECONDS / in.pollEverySeconds();
                double pollsPerTouch = Math.ceil(in.touchEverySeconds() / in.pollEverySeconds());
                bill.add(httpCall(in.emptyRead(), in.longPollMemoryMb()), polls)
                        .add(dynamo(0, in.touchWriteUnits()), polls / pollsPerTouch);
            }
            case WEBHOOK -> {
                // Nothing runs while nothing happens; see webhookPerEvent for what a wake costs.
            }
        }
        return bill;
    }

    /** One webhook delivery (the wake on the queue, the signed POST, its bookkeeping). */
    public Bill webhookPerEvent() {
        return new Bill().add(SQS, in.sqsRequestsPerWake() * prices.sqsRequest())
                .add(invocation(in.webhookDeliveryMs(), in.httpMemoryMb()), 1)
                .add(dynamo(0, in.webhookWriteUnits()), 1);
    }

    // ------------------------------------------------------------------ the comparisons

    /**
     * The AWS sample "simple websockets chat app" (github.com/aws-samples/simple-websockets-chat-app):
     * its sendmessage function (Node.js, x86, 256 MB in its template) scans the whole connections
     * table and posts to every connection. Applied to rooms, the scan reads every connection of
     * every room ({@code tableConnections}) and posts to the room's {@code agents}.
     *
     * @param msPerConnection the function's time per scanned connection (est.)
     */
    public Bill samplePerMessage(int agents, int tableConnections, double baseMs, double msPerConnection) {
        // A connection item is ~100 bytes; an eventually consistent scan costs 0.5 units per 4 KB read.
        double scanUnits = Math.ceil(tableConnections * 100 / 4096.0) * 0.5;
        double ms = baseMs + msPerConnection * tableConnections;
        return new Bill().add(WS_MESSAGES, (1 + agents) * prices.webSocketMessage())
                .add(LAMBDA_TIME, ms / 1000 * 256 / 1024.0 * prices.lambdaX86GbSecond())
                .add(LAMBDA_REQUESTS, prices.lambdaRequest())
                .add(dynamo(scanUnits, 0), 1);
    }

    // ------------------------------------------------------------------ the report

    private static final List<BenchArgs.Option> OPTIONS = List.of(
            BenchArgs.flag("measure", "run WarmPathBench first and price what it measures"),
            BenchArgs.option("requests", "100", "WarmPathBench requests per operation (with --measure)"),
            BenchArgs.option("warmup", "100", "WarmPathBench warm-up rounds (with --measure)"));

    public static void main(String[] args) throws Exception {
        BenchArgs parsed = BenchArgs.parseOrExit("CostModel", args, OPTIONS, a -> a);
        CostInputs inputs = CostInputs.RECORDED;
        String source = "recorded inputs (CostInputs.RECORDED)";
        if (parsed.flag("measure")) {
            inputs = inputs.withMeasured(WarmPathBench.measure(parsed.integer("requests"), parsed.integer("warmup"), 300));
            source = "inputs measured just now by WarmPathBench";
            System.out.println();
        }
        System.out.print(new CostModel(Prices.US_EAST_1, inputs).report(source));
        System.exit(0);
    }

    /** The whole printed report. */
    public String report(String source) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "AgentChat on AWS, us-east-1 on-demand prices recorded %s (%s), %s%n",
                Prices.RECORDED, String.join(", ", Prices.SOURCES), source));
        out.append(String.format(Locale.ROOT, "inputs (per request: ms here / of it CPU, calls, RRU, WRU): REST send"
                        + " %.1f/%.1f ms %.1f calls %.2f RRU %.2f WRU; wake read %.1f/%.1f ms %.2f RRU %.2f WRU;"
                        + " empty read %.1f/%.1f ms %.2f RRU %.2f WRU; event %.0f B%n",
                in.restSend().wallMs(), in.restSend().cpuMs(), in.restSend().calls(), in.restSend().readUnits(),
                in.restSend().writeUnits(), in.wakeRead().wallMs(), in.wakeRead().cpuMs(), in.wakeRead().readUnits(),
                in.wakeRead().writeUnits(), in.emptyRead().wallMs(), in.emptyRead().cpuMs(), in.emptyRead().readUnits(),
                in.emptyRead().writeUnits(), in.eventItemBytes()));

        out.append("\nPer million messages, every agent of the room on the transport ($; sparse traffic):\n");
        out.append(String.format(Locale.ROOT, "%-10s %10s %10s %10s   %s%n", "transport", "2 agents", "10 agents",
                "100 agents", "largest items at 10 agents"));
        for (Transport t : Transport.values()) {
            Bill ten = perMessage(t, 10);
            out.append(String.format(Locale.ROOT, "%-10s %10.2f %10.2f %10.2f   %s%n", t.name().toLowerCase(Locale.ROOT),
                    1e6 * perMessage(t, 2).total(), 1e6 * ten.total(), 1e6 * perMessage(t, 100).total(),
                    top(ten, 1e6, 3)));
        }
        out.append(String.format(Locale.ROOT, "storage: %.3f $ per million messages per month kept%n",
                storagePerMillionMessagesMonth()));
        out.append("AWS sample chat app (scan + post to all), per million messages:\n");
        for (int agents : new int[] {2, 10, 100}) {
            out.append(String.format(Locale.ROOT,
                    "  room of %3d: alone in its table %8.2f $; table shared by 1,000 such rooms %10.2f $%n",
                    agents, 1e6 * samplePerMessage(agents, agents, 30, 0.05).total(),
                    1e6 * samplePerMessage(agents, agents * 1000, 30, 0.05).total()));
        }

        out.append("\nPer idle agent-hour (nothing said), by how the agent waits ($):\n");
        for (IdleMode m : IdleMode.values()) {
            Bill hour = idleHour(m);
            out.append(String.format(Locale.ROOT, "%-14s %10.6f   %s%n", m.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    hour.total(), top(hour, 1, 3)));
        }
        out.append(String.format(Locale.ROOT, "webhook, per delivered event: %.8f $ (%s)%n", webhookPerEvent().total(),
                top(webhookPerEvent(), 1, 3)));
        out.append(String.format(Locale.ROOT, "seed design (plain polling every %.0f s): %.6f $ per agent-hour;"
                        + " REST long-poll / plain polling = %.1fx%n", in.pollEverySeconds(),
                idleHour(IdleMode.PLAIN_POLLING).total(),
                idleHour(IdleMode.LONG_POLL).total() / idleHour(IdleMode.PLAIN_POLLING).total()));
        out.append(String.format(Locale.ROOT, "AWS sample, idle: %.6f $ per agent-hour (connection-minutes only;"
                + " it sends no pings, so API Gateway's 10-minute idle timeout closes its sockets)%n",
                60 * prices.webSocketConnMinute()));

        out.append("\nREST long-poll per idle agent-hour by the waiting function's memory and head check ($):\n");
        out.append(String.format(Locale.ROOT, "%-8s %-22s %10s %10s %10s %10s%n", "memory", "head check", "total",
                "Lambda", "DynamoDB", "wake ms"));
        for (int mb : new int[] {1024, 512, 256, 128}) {
            for (double[] head : new double[][] {{150, 1.0}, {150, 0.5}, {100, 0.5}}) {
                CostModel variant = new CostModel(prices, in.withLongPoll(mb, head[0], head[1]));
                Bill hour = variant.idleHour(IdleMode.LONG_POLL);
                out.append(String.format(Locale.ROOT, "%-8s %-22s %10.6f %10.6f %10.6f %10.0f%n", mb + " MB",
                        String.format(Locale.ROOT, "every %.0f ms, %s", head[0], head[1] == 1.0 ? "strong" : "eventual"),
                        hour.total(), hour.item(LAMBDA_TIME), hour.item(DYNAMO_READS) + hour.item(DYNAMO_WRITES),
                        variant.wakeUpMs()));
            }
        }
        out.append(String.format(Locale.ROOT, "wake ms = expected wake-up on AWS: half the head interval + %d calls of"
                + " %.0f ms (est.) + the wake read's %.1f ms of CPU at that memory's vCPU share; an eventual head read"
                + " may add replication lag%n", WAKE_CALLS, in.awsCallMs(), in.wakeRead().cpuMs()));
        return out.toString();
    }

    /** DynamoDB calls between a waiter's head check seeing news and its answer: confirm the head, check access, query. */
    static final int WAKE_CALLS = 3;

    /**
     * Expected long-poll wake-up on AWS: half a head interval on average, then the wake's calls at
     * {@link CostInputs#awsCallMs} each and the wake read's CPU (measured here on a whole core)
     * stretched to the function's share of a vCPU.
     */
    public double wakeUpMs() {
        CostInputs.Call read = in.wakeRead();
        return in.headIntervalMs() / 2 + WAKE_CALLS * in.awsCallMs()
                + read.cpuMs() * Math.max(1, CostInputs.FULL_VCPU_MB / in.longPollMemoryMb());
    }

    private static String top(Bill bill, double scale, int n) {
        List<Map.Entry<String, Double>> items = new ArrayList<>(bill.items().entrySet());
        items.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(n, items.size()); i++) {
            out.append(i == 0 ? "" : ", ").append(items.get(i).getKey()).append(' ')
                    .append(String.format(Locale.ROOT, scale == 1 ? "%.6f" : "%.2f", items.get(i).getValue() * scale));
        }
        return out.toString();
    }
}
