package dev.agentchat.bench.warmpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.bench.BenchArgs;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.testing.NetworkDynamo;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Warm-path benchmark (not a test): per-request latency over real HTTP of the four calls an
 * agent makes all day — send (also one that mentions an agent), read, long-poll wake-up, room
 * info — and how many DynamoDB calls each makes and the capacity units they consume.
 *
 * <pre>
 * java -cp bench/target/agentchat-bench.jar dev.agentchat.bench.warmpath.WarmPathBench \
 *      [--requests 200] [--warmup 200] [--parked-ms 300]
 * </pre>
 *
 * The standalone server runs in this JVM against DynamoDB Local served over loopback HTTP
 * ({@code DYNAMODB_ENDPOINT}), through the client the Lambdas build (URL-connection), which
 * {@link DynamoDbCallCounter} joins from the class path to count calls by operation name; the
 * embedded DynamoDB Local client runs no interceptors. So every DynamoDB call is a network round
 * trip, as on AWS.
 * Calls are attributed by thread: those made on the HTTP server's worker threads belong to the
 * request; those of the stream poller and fan-out (the WebSocket push path, which AWS runs in
 * another Lambda) are counted apart as background.
 *
 * Requests are sequential (one at a time): this measures the path, not the server under load
 * (that is {@code LoadBench}). Long-poll wake-up: a reader waits with {@code wait=25} after the
 * room's head; {@code --parked-ms} later another agent sends; measured is the time from the
 * send's 201 to the reader's response. Its DynamoDB calls are the reader's and the sender's
 * together (the waiting reader polls, so its count grows with the parked time).
 */
public final class WarmPathBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "warm-path-password-0123";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private String roomId;
    private String writerKey;
    private String readerKey;
    /** The key of an agent that sends over a WebSocket, and of one that sends over MCP. */
    private String socketKey;
    private String mcpKey;
    private Socket socket;
    /** The room owner's session (a human's post). */
    private String ownerToken;
    private long head;
    /** Size of the last response body (for a long-poll: the waiting reader's). */
    private long lastResponseBytes;

    private static final List<BenchArgs.Option> OPTIONS = List.of(
            BenchArgs.option("requests", "200", "measured requests per operation (a quarter of it for the long-poll)"),
            BenchArgs.option("warmup", "200", "warm-up rounds per operation, not measured (a tenth for the long-poll)"),
            BenchArgs.option("parked-ms", "300", "how long the long-poll reader waits before the send"));

    private record Settings(int requests, int warmup, long parkedMs) {
        static Settings from(BenchArgs args) {
            Settings s = new Settings(args.integer("requests"), args.integer("warmup"), args.longInteger("parked-ms"));
            args.require(s.requests >= 1 && s.warmup >= 0 && s.parkedMs >= 0,
                    "need requests >= 1, warmup >= 0, parked-ms >= 0");
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = BenchArgs.parseOrExit("WarmPathBench", args, OPTIONS, Settings::from);
        new WarmPathBench().run(settings.requests, settings.warmup, settings.parkedMs);
        System.exit(0);
    }

    /**
     * What one operation measured, per request: client-side p50 latency, DynamoDB calls and
     * capacity units on request threads (write units of transactions apart, since DynamoDB Local
     * reports them differently from AWS's bill), the push path's read units, and the response size.
     */
    public record Result(int n, double p50Ms, double calls, double readUnits, double writeUnits,
                         double transactionWriteUnits, double backgroundReadUnits, double responseBytes,
                         double serverCpuMs, Map<String, Double> callsByOperation) {
    }

    /** CPU time so far of the HTTP server's worker threads (the request path), in nanoseconds. */
    private static long requestThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("XNIO") || info.getThreadName().startsWith("ws-lane"))) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    /** Runs the bench (printing its report) and returns each operation's figures by name. */
    public static Map<String, Result> measure(int requests, int warmup, long parkedMs) throws Exception {
        return new WarmPathBench().run(requests, warmup, parkedMs);
    }

    private Map<String, Result> run(int requests, int warmup, long parkedMs) throws Exception {
        // The in-process server writes its request log to System.out, as Lambda does: that goes to
        // stderr beside its other logs, and the report alone to stdout.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return run(requests, warmup, parkedMs, stdout);
        } finally {
            System.setOut(stdout);
        }
    }

    private Map<String, Result> run(int requests, int warmup, long parkedMs, PrintStream out) throws Exception {
        try (NetworkDynamo dynamo = NetworkDynamo.start();
             AgentChatServer server = new AgentChatServer("127.0.0.1", 0, null, environment(dynamo.endpoint()))
                     .start()) {
            base = server.baseUrl();
            DynamoDbCallCounter.reset();
            setUp();
            socket = new Socket(base, roomId, socketKey);
            if (DynamoDbCallCounter.tally().isEmpty()) {
                throw new IllegalStateException("no DynamoDB call was counted: is " + DynamoDbCallCounter.class.getName()
                        + " listed in execution.interceptors on the class path?");
            }
            out.printf(Locale.ROOT, "warm path: %d sequential requests per operation after %d warm-up rounds,"
                    + " DynamoDB Local over loopback HTTP, java %s%n", requests, warmup, System.getProperty("java.version"));
            Map<String, Op> ops = new LinkedHashMap<>();
            ops.put("send", new Op(this::send));
            ops.put("send @mention", new Op(() -> send("@reader warm path message")));
            ops.put("WebSocket send", new Op(socket::send));
            ops.put("human post", new Op(this::humanPost));
            ops.put("MCP send", new Op(() -> mcp("send_message", "{\"content\":\"warm path message\"}")));
            ops.put("read", new Op(this::read));
            ops.put("MCP read", new Op(() -> mcp("read_messages", "{\"after_seq\":" + Math.max(0, head - 5) + "}")));
            ops.put("empty read", new Op(this::emptyRead));
            ops.put("room info", new Op(this::roomInfo));
            ops.put("MCP room info", new Op(() -> mcp("room_info", "{}")));
            ops.put("long-poll wake-up", new Op(() -> longPoll(parkedMs)));
            for (Map.Entry<String, Op> op : ops.entrySet()) {
                int rounds = op.getKey().startsWith("long-poll") ? Math.max(1, warmup / 10) : warmup;
                for (int i = 0; i < rounds; i++) {
                    op.getValue().body.call();
                }
                int n = op.getKey().startsWith("long-poll") ? Math.max(1, requests / 4) : requests;
                for (int i = 0; i < n; i++) {
                    DynamoDbCallCounter.reset();
                    long cpuBefore = requestThreadsCpuNanos();
                    op.getValue().latenciesMs.add(op.getValue().body.call());
                    op.getValue().cpuNanos += requestThreadsCpuNanos() - cpuBefore;
                    op.getValue().responseBytes += lastResponseBytes;
                    op.getValue().add(DynamoDbCallCounter.usage());
                    DynamoDbCallCounter.byTable().forEach((k, v) -> op.getValue().byTable.merge(k, v, Double::sum));
                }
            }
            socket.close();
            report(ops, out);
            Map<String, Result> results = new LinkedHashMap<>();
            ops.forEach((name, op) -> results.put(name, op.result()));
            return results;
        }
    }

    private static Map<String, String> environment(String dynamoDbEndpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("DYNAMODB_ENDPOINT", dynamoDbEndpoint);
        for (String limit : List.of("LIMIT_SEND_PER_MINUTE", "LIMIT_SEND_BURST", "LIMIT_HUMAN_SEND_PER_MINUTE",
                "LIMIT_READS_PER_SECOND", "LIMIT_READ_BURST")) {
            env.put(limit, "1000000");
        }
        // Benchmarks send far more agent messages in a row than the loop guard allows.
        env.put("LIMIT_AGENT_TURN_BUDGET", "0");
        env.put("SWEEP_INTERVAL_SECONDS", "3600");
        return env;
    }

    private void setUp() throws Exception {
        String email = "warm-" + System.nanoTime() + "@bench.test";
        call("POST", "/api/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"name\":\"Owner\"}", 201);
        String token = call("POST", "/api/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\"}", 200).get("token").asText();
        ownerToken = token;
        JsonNode room = call("POST", "/api/rooms", token, "{\"name\":\"warm path\"}", 201);
        roomId = room.get("room").get("id").asText();
        writerKey = room.get("admin_key").asText();
        readerKey = call("POST", "/api/rooms/" + roomId + "/invites", writerKey, "{\"label\":\"reader\"}", 201)
                .get("key").asText();
        socketKey = call("POST", "/api/rooms/" + roomId + "/invites", writerKey, "{\"label\":\"socket\"}", 201)
                .get("key").asText();
        mcpKey = call("POST", "/api/rooms/" + roomId + "/invites", writerKey, "{\"label\":\"mcp\"}", 201)
                .get("key").asText();
        // Each agent's first call makes it a member (a join event): get that out of the measured requests.
        call("POST", "/api/rooms/" + roomId + "/heartbeat", readerKey, null, 200);
        call("POST", "/api/rooms/" + roomId + "/heartbeat", mcpKey, null, 200);
        for (int i = 0; i < 30; i++) {
            send();
        }
    }

    // ------------------------------------------------------------------ the operations (each returns ms)

    private interface Timed {
        double call() throws Exception;
    }

    private double send() throws Exception {
        return send("warm path message");
    }

    /** A send whose content holds an '@' (so the server resolves mentions against the room's agents). */
    private double send(String content) throws Exception {
        long start = System.nanoTime();
        JsonNode message = call("POST", "/api/rooms/" + roomId + "/messages", writerKey,
                "{\"content\":\"" + content + "\"}", 201);
        double ms = (System.nanoTime() - start) / 1e6;
        head = message.get("seq").asLong();
        return ms;
    }

    /** The room's owner posts (a human's message, over REST with a session). */
    private double humanPost() throws Exception {
        long start = System.nanoTime();
        JsonNode message = call("POST", "/api/rooms/" + roomId + "/messages", ownerToken,
                "{\"content\":\"a human's warm path message\"}", 201);
        double ms = (System.nanoTime() - start) / 1e6;
        head = message.get("seq").asLong();
        return ms;
    }

    /** An agent's polling read: what came after a cursor a few messages back. */
    private double read() throws Exception {
        long start = System.nanoTime();
        JsonNode page = call("GET", "/api/rooms/" + roomId + "/messages?after_seq=" + Math.max(0, head - 5)
                + "&limit=20", readerKey, null, 200);
        double ms = (System.nanoTime() - start) / 1e6;
        if (page.get("messages").size() != Math.min(5, head)) {
            throw new IllegalStateException("read returned " + page.get("messages").size() + " messages");
        }
        return ms;
    }

    /** A plain poll that finds nothing new (the cursor at the room's head). */
    private double emptyRead() throws Exception {
        long start = System.nanoTime();
        JsonNode page = call("GET", "/api/rooms/" + roomId + "/messages?after_seq=" + head + "&limit=20", readerKey,
                null, 200);
        double ms = (System.nanoTime() - start) / 1e6;
        if (page.get("messages").size() != 0) {
            throw new IllegalStateException("an empty read returned " + page.get("messages").size() + " messages");
        }
        return ms;
    }

    private double roomInfo() throws Exception {
        long start = System.nanoTime();
        call("GET", "/api/rooms/" + roomId, readerKey, null, 200);
        return (System.nanoTime() - start) / 1e6;
    }

    private double longPoll(long parkedMs) throws Exception {
        long after = head;
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(request("GET", "/api/rooms/" + roomId
                + "/messages?after_seq=" + after + "&wait=25", readerKey, null), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(parkedMs);
        if (waiting.isDone()) {
            throw new IllegalStateException("the long-poll returned before anything was sent: " + waiting.get().body());
        }
        send();
        long sent = System.nanoTime();
        HttpResponse<String> response = waiting.get();
        lastResponseBytes = response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        double ms = (System.nanoTime() - sent) / 1e6;
        JsonNode page = JSON.readTree(response.body());
        if (response.statusCode() != 200 || page.get("messages").size() != 1
                || page.get("messages").get(0).get("seq").asLong() != after + 1) {
            throw new IllegalStateException("the long-poll woke with " + response.statusCode() + " " + response.body());
        }
        return ms;
    }

    /** One MCP tool call (a JSON-RPC request to the MCP endpoint) by the MCP agent. */
    private double mcp(String tool, String arguments) throws Exception {
        String rpc = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
        long start = System.nanoTime();
        JsonNode answer = call("POST", "/api/mcp", mcpKey, rpc, 200);
        double ms = (System.nanoTime() - start) / 1e6;
        if (answer.path("result").path("isError").asBoolean(false) || !answer.has("result")) {
            throw new IllegalStateException(tool + " failed: " + answer);
        }
        JsonNode seq = answer.path("result").path("structuredContent").path("seq");
        if (seq.isIntegralNumber()) {
            head = seq.asLong();
        }
        return ms;
    }

    /** A joined agent's WebSocket: each send waits for its ack (the one copy of its own message it gets). */
    private final class Socket implements java.net.http.WebSocket.Listener {
        private final java.util.concurrent.BlockingQueue<JsonNode> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final java.net.http.WebSocket ws;
        private String agentId;

        Socket(String base, String roomId, String key) throws Exception {
            ws = http.newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), this)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"join\",\"room\":\"" + roomId + "\",\"key\":\"" + key + "\"}", true).get();
            agentId = next("joined").get("agent_id").asText();
        }

        double send() throws Exception {
            frames.clear();
            long start = System.nanoTime();
            ws.sendText("{\"type\":\"message\",\"content\":\"warm path message\"}", true).get();
            JsonNode ack;
            do {
                ack = next("message");
            } while (!agentId.equals(ack.path("agent_id").asText()));
            double ms = (System.nanoTime() - start) / 1e6;
            head = ack.get("seq").asLong();
            return ms;
        }

        private JsonNode next(String type) throws Exception {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (frame != null && type.equals(frame.path("type").asText())) {
                    return frame;
                }
                if (frame != null && "error".equals(frame.path("type").asText())) {
                    throw new IllegalStateException("the socket was refused: " + frame);
                }
            }
            throw new IllegalStateException("no " + type + " frame within 10 s");
        }

        void close() {
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data,
                                                              boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    // ------------------------------------------------------------------ HTTP

    private HttpRequest request(String method, String path, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    private JsonNode call(String method, String path, String bearer, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(request(method, path, bearer, body), HttpResponse.BodyHandlers.ofString());
        lastResponseBytes = response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    // ------------------------------------------------------------------ counting and reporting

    private static final class Op {
        final Timed body;
        final List<Double> latenciesMs = new ArrayList<>();
        final Map<String, Long> totals = new TreeMap<>();
        final Map<String, Double> byTable = new TreeMap<>();
        double readUnits;
        double writeUnits;
        double backgroundReadUnits;
        double backgroundWriteUnits;
        double transactionWriteUnits;
        long responseBytes;
        long cpuNanos;

        Op(Timed body) {
            this.body = body;
        }

        void add(Map<String, DynamoDbCallCounter.Usage> usage) {
            usage.forEach((k, v) -> {
                totals.merge(k, v.calls(), Long::sum);
                if (k.startsWith("background ")) {
                    backgroundReadUnits += v.readUnits();
                    backgroundWriteUnits += v.writeUnits();
                } else {
                    readUnits += v.readUnits();
                    writeUnits += v.writeUnits();
                    if (k.equals("TransactWriteItems")) {
                        transactionWriteUnits += v.writeUnits();
                    }
                }
            });
        }

        Result result() {
            int n = latenciesMs.size();
            double[] sorted = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long calls = totals.entrySet().stream().filter(t -> !t.getKey().startsWith("background "))
                    .mapToLong(Map.Entry::getValue).sum();
            Map<String, Double> byOperation = new TreeMap<>();
            totals.forEach((name, total) -> byOperation.put(name, total / (double) n));
            return new Result(n, percentile(sorted, 50), calls / (double) n, readUnits / n, writeUnits / n,
                    transactionWriteUnits / n, backgroundReadUnits / n, responseBytes / (double) n, cpuNanos / 1e6 / n,
                    byOperation);
        }
    }

    private static void report(Map<String, Op> ops, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-18s %5s %8s %8s %8s %6s %6s %6s %6s  %s%n", "operation", "n", "p50 ms", "p99 ms",
                "max ms", "cpu ms", "calls", "RCU", "WCU",
                "DynamoDB calls per request (request threads; background = stream fan-out)");
        for (Map.Entry<String, Op> e : ops.entrySet()) {
            Op op = e.getValue();
            double[] sorted = op.latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            StringBuilder calls = new StringBuilder();
            op.totals.forEach((name, total) -> calls.append(calls.length() == 0 ? "" : ", ")
                    .append(name).append('×').append(format(total / (double) n)));
            long requestCalls = op.totals.entrySet().stream().filter(t -> !t.getKey().startsWith("background "))
                    .mapToLong(Map.Entry::getValue).sum();
            out.printf(Locale.ROOT, "%-18s %5d %8.2f %8.2f %8.2f %6.2f %6s %6.2f %6.2f  %s%n", e.getKey(), n,
                    percentile(sorted, 50), percentile(sorted, 99), sorted[n - 1], op.cpuNanos / 1e6 / n,
                    format(requestCalls / (double) n), op.readUnits / n, op.writeUnits / n, calls);
            if (op.backgroundReadUnits + op.backgroundWriteUnits > 0) {
                out.printf(Locale.ROOT, "%-18s %5s %8s %8s %8s %6s %6s %6.2f %6.2f  (background: the push path)%n",
                        "", "", "", "", "", "", "", op.backgroundReadUnits / n, op.backgroundWriteUnits / n);
            }
        }
        if (Boolean.getBoolean("warmpath.capacityDetail")) {
            ops.forEach((name, op) -> op.byTable.forEach((k, v) -> out.printf(Locale.ROOT, "  %-18s %-50s %6.2f%n",
                    name, k, v / op.latenciesMs.size())));
        }
        out.println("\ncpu ms = CPU time of the server's HTTP worker threads per request (the Lambda's own work;"
                + " a long-poll's includes its waiting checks)");
        out.println("calls, RCU, WCU = per request, on request threads: DynamoDB calls and the capacity units"
                + " they reported (ReturnConsumedCapacity=TOTAL; on-demand bills one read/write request unit per unit).");
        out.println("\nlatency = client-side, request sent → response read; long-poll wake-up = send's 201 →"
                + " the waiting reader's response.");
    }

    private static String format(double perRequest) {
        return perRequest == Math.rint(perRequest) ? Long.toString((long) perRequest)
                : String.format(Locale.ROOT, "%.2f", perRequest);
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
