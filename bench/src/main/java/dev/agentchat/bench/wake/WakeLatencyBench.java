package dev.agentchat.bench.wake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentchat.bench.BenchArgs;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.testing.NetworkDynamo;
import dev.agentchat.webhook.WebhookSignature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wake latency benchmark (not a test): how long from an agent's send until the webhook of an
 * idle agent in the room has received it and verified its signature.
 *
 * <pre>
 * java -cp bench/target/agentchat-bench.jar dev.agentchat.bench.wake.WakeLatencyBench \
 *      [--wakes 100] [--warmup 10] [--batch-window-ms 1000]
 * </pre>
 *
 * The standalone server runs in this JVM against DynamoDB Local over loopback HTTP (as
 * {@code WarmPathBench}), with private webhook targets allowed; the receiver is a plain HTTP
 * server on loopback in the same JVM, so both ends read one clock. Wakes are sequential: the next
 * message is sent only once the previous one arrived, so none is coalesced with another and
 * each measures the whole path: the send's transaction, the events stream (the standalone
 * server's poller), the wake decision, the wake queue's batching window, the signed POST. The
 * batching window is a deliberate wait (bursts arrive as one delivery), so the latency is about
 * the window plus the path; {@code --batch-window-ms 0} measures the path alone.
 */
public final class WakeLatencyBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "wake-bench-password-0123";

    private static final List<BenchArgs.Option> OPTIONS = List.of(
            BenchArgs.option("wakes", "100", "measured wakes (sequential)"),
            BenchArgs.option("warmup", "10", "wakes before measuring, not counted"),
            BenchArgs.option("batch-window-ms", "1000", "WEBHOOK_BATCH_WINDOW_MS of the server (1000 is the default)"));

    private record Settings(int wakes, int warmup, int batchWindowMs) {
        static Settings from(BenchArgs args) {
            Settings s = new Settings(args.integer("wakes"), args.integer("warmup"), args.integer("batch-window-ms"));
            args.require(s.wakes >= 1 && s.warmup >= 0 && s.batchWindowMs >= 0,
                    "need wakes >= 1, warmup >= 0, batch-window-ms >= 0");
            return s;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Receive time (nanoTime) by message seq, for deliveries whose signature verified. */
    private final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();
    private volatile String secret;
    private String base;

    /** The report's stream: the in-process server's request log goes to stderr, as in the other benches. */
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        Settings settings = BenchArgs.parseOrExit("WakeLatencyBench", args, OPTIONS, Settings::from);
        System.setOut(System.err);
        System.exit(new WakeLatencyBench().run(settings));
    }

    private int run(Settings settings) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", this::receive);
        receiver.start();
        try (NetworkDynamo dynamo = NetworkDynamo.start();
             AgentChatServer server = new AgentChatServer("127.0.0.1", 0, null,
                     environment(dynamo.endpoint(), settings.batchWindowMs())).start()) {
            base = server.baseUrl();
            String email = "wake-" + System.nanoTime() + "@bench.test";
            call("POST", "/api/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                    + "\",\"name\":\"Owner\"}", 201);
            String token = call("POST", "/api/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\""
                    + PASSWORD + "\"}", 200).get("token").asText();
            JsonNode room = call("POST", "/api/rooms", token, "{\"name\":\"wake bench\"}", 201);
            String roomId = room.get("room").get("id").asText();
            String senderKey = room.get("admin_key").asText();
            String sleeperKey = call("POST", "/api/rooms/" + roomId + "/invites", senderKey,
                    "{\"label\":\"sleeper\"}", 201).get("key").asText();
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            secret = call("PUT", "/api/rooms/" + roomId + "/webhook", sleeperKey,
                    "{\"url\":\"" + url + "\",\"events\":\"all\"}", 200).get("secret").asText();
            // The sleeper's join (from setting its webhook) may itself wake nobody, but let it settle.
            Thread.sleep(500 + settings.batchWindowMs());
            arrivals.clear();

            OUT.printf(Locale.ROOT, "wake latency: %d sequential wakes after %d warm-up, batch window %d ms,"
                            + " DynamoDB Local over loopback HTTP, java %s, load average %.2f%n", settings.wakes(),
                    settings.warmup(), settings.batchWindowMs(), System.getProperty("java.version"),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < settings.warmup() + settings.wakes(); i++) {
                long start = System.nanoTime();
                long seq = call("POST", "/api/rooms/" + roomId + "/messages", senderKey,
                        "{\"content\":\"wake up " + i + "\"}", 201).get("seq").asLong();
                Long arrived = awaitArrival(seq, start + TimeUnit.SECONDS.toNanos(30));
                if (arrived == null) {
                    throw new IllegalStateException("message " + seq + " reached no webhook within 30 s");
                }
                if (i >= settings.warmup()) {
                    latencies.add((arrived - start) / 1e6);
                }
            }
            report(latencies, settings);
        } finally {
            receiver.stop(0);
        }
        return badSignatures.get() == 0 ? 0 : 1;
    }

    private Long awaitArrival(long seq, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            Long at = arrivals.get(seq);
            if (at != null) {
                return at;
            }
            Thread.sleep(0, 200_000);
        }
        return null;
    }

    /** Verifies the Standard Webhooks signature, then notes when each event in the delivery arrived. */
    private void receive(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
        String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
        String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
        boolean ok = secret != null && id != null && timestamp != null && signature != null
                && WebhookSignature.verify(secret, id, Long.parseLong(timestamp), body, signature);
        exchange.sendResponseHeaders(ok ? 204 : 401, -1);
        exchange.close();
        deliveries.incrementAndGet();
        if (!ok) {
            badSignatures.incrementAndGet();
            return;
        }
        JsonNode payload = JSON.readTree(body);
        List<JsonNode> events = new ArrayList<>();
        payload.path("events").forEach(events::add);
        if (payload.has("event")) {
            events.add(payload.get("event"));
        }
        events.forEach(e -> arrivals.putIfAbsent(e.path("seq").asLong(), at));
    }

    private static Map<String, String> environment(String dynamoDbEndpoint, int batchWindowMs) {
        Map<String, String> env = new HashMap<>();
        env.put("DYNAMODB_ENDPOINT", dynamoDbEndpoint);
        env.put("WEBHOOK_ALLOW_PRIVATE", "true");
        env.put("WEBHOOK_BATCH_WINDOW_MS", Integer.toString(batchWindowMs));
        for (String limit : List.of("LIMIT_SEND_PER_MINUTE", "LIMIT_SEND_BURST")) {
            env.put(limit, "1000000");
        }
        // One agent sends every message: more in a row than the loop guard allows.
        env.put("LIMIT_AGENT_TURN_BUDGET", "0");
        env.put("SWEEP_INTERVAL_SECONDS", "3600");
        return env;
    }

    private JsonNode call(String method, String path, String bearer, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void report(List<Double> latencies, Settings settings) {
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        OUT.printf(Locale.ROOT, "%n%-28s %5s %8s %8s %8s %8s%n", "", "n", "p50 ms", "p99 ms", "min ms",
                "max ms");
        OUT.printf(Locale.ROOT, "%-28s %5d %8.1f %8.1f %8.1f %8.1f%n", "send → verified delivery",
                sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[0], sorted[sorted.length - 1]);
        OUT.printf(Locale.ROOT, "%ndeliveries received: %d (for %d sends), bad signatures: %d%n",
                deliveries.get(), settings.warmup() + settings.wakes(), badSignatures.get());
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
