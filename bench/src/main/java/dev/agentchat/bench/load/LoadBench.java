package dev.agentchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.standalone.AgentChatServer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Load benchmark of the realtime path (not a test): starts the standalone server in-process with
 * the limits raised out of the way, creates {@code rooms × agents} agents that each hold a
 * WebSocket, then sends at a fixed total rate for a while, part over REST and part over the
 * WebSocket, and measures the fan-out to every other agent of the room: delivered vs expected,
 * duplicates, ordering, and the send-to-receive latency.
 *
 * <pre>
 * java -cp bench/target/agentchat-bench.jar dev.agentchat.bench.load.LoadBench \
 *      --rooms 10 --agents 10 --rate 100 --duration 20 [--rest-fraction 0.5] [--warmup 3] [--grace 3]
 *      [--fanout-grace 2] [--pad 0] [--sample] [--target-p99-ms 100]
 * </pre>
 *
 * The send schedule is open-loop (a fixed rate, whatever the latency), so overload shows up as a
 * growing backlog rather than a slower sender. Latency is taken from the content, which carries
 * {@code System.nanoTime()} at the send; client and server share the JVM and its clock.
 * {@code --warmup} seconds are sent at the same rate first and left out of the latency figures
 * (they still count for loss). After the last send the bench waits up to {@code --grace} seconds
 * for responses, acks and deliveries; sends confirmed by then get {@code --fanout-grace} more
 * seconds to reach everyone. {@code --sample} adds a stack-sampling profile of the measured phase.
 *
 * Exit code: 0 when every send was confirmed and reached every other agent of its room, 1 when a
 * delivery is missing or a send stayed unconfirmed, 2 when the setup failed.
 */
public final class LoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-password-0123456789";
    private static final String CONTENT_PREFIX = "bench|";

    // ------------------------------------------------------------------ configuration

    private record Config(int rooms, int agents, double rate, double durationSec, double restFraction,
                          double warmupSec, double warmupRate, double graceSec, double fanoutGraceSec, int pad,
                          boolean sample, double targetP99Ms) {
        int warmupCount() {
            return (int) Math.round(warmupRate * warmupSec);
        }

        int total() {
            return warmupCount() + (int) Math.round(rate * durationSec);
        }

        static Config parse(String[] args) {
            Map<String, String> opts = new HashMap<>();
            Set<String> flags = new HashSet<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    usage(null);
                }
                if (!a.startsWith("--")) {
                    usage("unexpected argument " + a);
                }
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    opts.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (name.equals("sample")) {
                    flags.add(name);
                } else if (i + 1 < args.length) {
                    opts.put(name, args[++i]);
                } else {
                    usage("missing value for " + a);
                }
            }
            Set<String> known = Set.of("rooms", "agents", "rate", "duration", "rest-fraction", "warmup", "warmup-rate", "grace",
                    "fanout-grace", "pad", "sample", "target-p99-ms");
            for (String k : opts.keySet()) {
                if (!known.contains(k)) {
                    usage("unknown option --" + k);
                }
            }
            try {
                Config c = new Config(
                        Integer.parseInt(opts.getOrDefault("rooms", "10")),
                        Integer.parseInt(opts.getOrDefault("agents", "10")),
                        Double.parseDouble(opts.getOrDefault("rate", "100")),
                        Double.parseDouble(opts.getOrDefault("duration", "20")),
                        Double.parseDouble(opts.getOrDefault("rest-fraction", "0.5")),
                        Double.parseDouble(opts.getOrDefault("warmup", "3")),
                        Double.parseDouble(opts.getOrDefault("warmup-rate", opts.getOrDefault("rate", "100"))),
                        Double.parseDouble(opts.getOrDefault("grace", "3")),
                        Double.parseDouble(opts.getOrDefault("fanout-grace", "2")),
                        Integer.parseInt(opts.getOrDefault("pad", "0")),
                        flags.contains("sample") || Boolean.parseBoolean(opts.getOrDefault("sample", "false")),
                        Double.parseDouble(opts.getOrDefault("target-p99-ms", "100")));
                if (c.rooms < 1 || c.agents < 2 || c.rate <= 0 || c.durationSec <= 0 || c.restFraction < 0
                        || c.restFraction > 1 || c.warmupSec < 0 || c.warmupRate <= 0 || c.graceSec < 0 || c.fanoutGraceSec < 0 || c.pad < 0) {
                    usage("need rooms >= 1, agents >= 2, rate > 0, duration > 0, 0 <= rest-fraction <= 1");
                }
                return c;
            } catch (NumberFormatException e) {
                usage("bad number: " + e.getMessage());
                return null;
            }
        }

        static void usage(String error) {
            if (error != null) {
                System.err.println("error: " + error);
            }
            System.err.println("usage: LoadBench [--rooms 10] [--agents 10] [--rate 100 (msgs/s total)]"
                    + " [--duration 20 (s)] [--rest-fraction 0.5] [--warmup 3 (s, sent but not in latency stats)]"
                    + " [--warmup-rate R (msgs/s during the warm-up; default: --rate)]"
                    + " [--grace 3 (s)] [--fanout-grace 2 (s, extra wait for deliveries of sends confirmed by then)]"
                    + " [--pad 0 (extra content bytes)] [--sample (thread sampling)]"
                    + " [--target-p99-ms 100]");
            System.exit(error == null ? 0 : 2);
        }
    }

    // ------------------------------------------------------------------ state

    /** One message the bench sends. */
    private static final class Msg {
        final int id;
        final int room;
        final int sender;
        final boolean rest;
        final boolean warmup;
        volatile long sendNanos;
        volatile long doneNanos;          // REST response or WS ack received
        volatile long seq = -1;
        volatile long stampMillis = -1;   // the server's timestamp of the message
        volatile boolean accepted;
        volatile boolean failed;
        final AtomicInteger delivered = new AtomicInteger();

        Msg(int id, int room, int sender, boolean rest, boolean warmup) {
            this.id = id;
            this.room = room;
            this.sender = sender;
            this.rest = rest;
            this.warmup = warmup;
        }
    }

    /** One agent: its key, its socket, and what it received (guarded by itself). */
    private final class Agent implements WebSocket.Listener {
        final int room;
        final int index;
        final String key;
        final String label;
        volatile String agentId;
        volatile WebSocket ws;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
        private final StringBuilder partial = new StringBuilder();
        /** Ids of this agent's WebSocket sends not yet answered, oldest first. */
        final java.util.ArrayDeque<Integer> pendingWs = new java.util.ArrayDeque<>();
        // Received deliveries, in arrival order (touched under synchronized(this)).
        int[] deliveredIds = new int[256];
        long[] latencyNanos = new long[256];
        int deliveries;
        final Set<Long> seenSeqs = new HashSet<>();
        long maxSeq = -1;
        int duplicates;
        int outOfOrder;
        int foreign;

        Agent(int room, int index, String key) {
            this.room = room;
            this.index = index;
            this.key = key;
            this.label = "r" + room + "-a" + index;
        }

        /** WebSocket sends may not overlap: chain them per socket. */
        CompletableFuture<?> send(String text) {
            synchronized (sendLock()) {
                CompletableFuture<?> next = sendChain.handle((r, e) -> null)
                        .thenCompose(x -> ws.sendText(text, true));
                sendChain = next;
                return next;
            }
        }

        private Object sendLock() {
            return partial; // a private object distinct from the receive-side monitor
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            if (frozen) {
                // The report is being computed: what arrives now is counted as late, not delivered.
                if (last) {
                    lateFrames.incrementAndGet();
                }
                webSocket.request(1);
                return null;
            }
            String text;
            if (!last || partial.length() > 0) {
                synchronized (partial) {
                    partial.append(data);
                    if (!last) {
                        webSocket.request(1);
                        return null;
                    }
                    text = partial.toString();
                    partial.setLength(0);
                }
            } else {
                text = data.toString();
            }
            try {
                onFrame(now, JSON.readTree(text));
            } catch (Exception e) {
                wsErrors.computeIfAbsent("client: unparsable frame (" + e.getClass().getSimpleName() + ")",
                        k -> new LongAdder()).increment();
            }
            webSocket.request(1);
            return null;
        }

        private void onFrame(long now, JsonNode frame) {
            String type = frame.path("type").asText("");
            switch (type) {
                case "message" -> {
                    if (frame.hasNonNull("client_id")) {
                        onAck(now, frame);
                    } else {
                        onMessage(now, frame);
                    }
                }
                case "joined" -> {
                    agentId = frame.path("agent_id").asText(null);
                    joined.complete(null);
                }
                case "ping" -> send("{\"type\":\"pong\"}");
                case "error" -> {
                    String code = frame.path("code").asText("?");
                    if (!joined.isDone()) {
                        joined.completeExceptionally(new IllegalStateException(label + " join refused: " + frame));
                    }
                    // The server answers each message frame of a socket in order, with an ack or an
                    // error; an error frame carries no client_id, so it belongs to the oldest open send.
                    Integer id;
                    synchronized (pendingWs) {
                        id = pendingWs.pollFirst();
                    }
                    String key = "WS error " + code + (id == null ? " (not tied to a send)" : "");
                    if (id != null && !acceptFrozen) {
                        msgs[id].failed = true;
                    }
                    wsErrors.computeIfAbsent(key, k -> new LongAdder()).increment();
                    wsErrorSamples.putIfAbsent(key, label + (id == null ? "" : " msg " + id) + ": " + frame);
                }
                default -> {
                    // agent_joined / agent_left / system / pong: not measured
                }
            }
        }

        private void onAck(long now, JsonNode frame) {
            String clientId = frame.path("client_id").asText("");
            if (!clientId.startsWith("c")) {
                return;
            }
            int id;
            try {
                id = Integer.parseInt(clientId.substring(1));
            } catch (NumberFormatException e) {
                return;
            }
            if (id < 0 || id >= msgs.length || msgs[id] == null) {
                return;
            }
            Msg m = msgs[id];
            synchronized (pendingWs) {
                pendingWs.remove(id);
            }
            if (acceptFrozen) {
                lateAcks.incrementAndGet();
                return;
            }
            m.seq = frame.path("seq").asLong(-1);
            m.stampMillis = parseStamp(frame.path("timestamp").asText(null));
            m.doneNanos = now;
            m.accepted = true;
        }

        private void onMessage(long now, JsonNode frame) {
            String content = frame.path("content").asText("");
            long seq = frame.path("seq").asLong(-1);
            Msg m = null;
            if (content.startsWith(CONTENT_PREFIX)) {
                int end = content.indexOf('|', CONTENT_PREFIX.length());
                try {
                    int id = Integer.parseInt(content.substring(CONTENT_PREFIX.length(), end));
                    if (id >= 0 && id < msgs.length) {
                        m = msgs[id];
                    }
                } catch (RuntimeException e) {
                    m = null;
                }
            }
            synchronized (this) {
                if (m == null) {
                    foreign++;
                    return;
                }
                if (!seenSeqs.add(seq)) {
                    duplicates++;
                    return;
                }
                if (seq < maxSeq) {
                    outOfOrder++;
                }
                maxSeq = Math.max(maxSeq, seq);
                if (deliveries == deliveredIds.length) {
                    deliveredIds = Arrays.copyOf(deliveredIds, deliveries * 2);
                    latencyNanos = Arrays.copyOf(latencyNanos, deliveries * 2);
                }
                deliveredIds[deliveries] = m.id;
                latencyNanos[deliveries] = now - m.sendNanos;
                deliveries++;
            }
            if (m.stampMillis < 0) {
                m.stampMillis = parseStamp(frame.path("timestamp").asText(null));
            }
            if (m.room != room || m.sender == index) {
                misrouted.incrementAndGet();
            }
            m.delivered.incrementAndGet();
            lastDeliveryNanos.accumulateAndGet(now, Math::max);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) {
                wsErrors.computeIfAbsent("WS closed by server (" + statusCode + " " + reason + ")",
                        k -> new LongAdder()).increment();
            }
            joined.completeExceptionally(new IllegalStateException(label + " closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            wsErrors.computeIfAbsent("WS client error " + error.getClass().getSimpleName(),
                    k -> new LongAdder()).increment();
            joined.completeExceptionally(error);
        }
    }

    private final Config cfg;
    private final Msg[] msgs;
    private final Agent[][] agents;
    private final Map<String, LongAdder> restErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> wsErrors = new ConcurrentHashMap<>();
    private final Map<String, String> wsErrorSamples = new ConcurrentHashMap<>();
    private final Map<String, String> restErrorSamples = new ConcurrentHashMap<>();
    private final AtomicInteger restInFlight = new AtomicInteger();
    private final AtomicInteger maxRestInFlight = new AtomicInteger();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final AtomicInteger misrouted = new AtomicInteger();
    private volatile boolean closing;
    /** Set when the grace period ends: frames and responses after it are only counted as late. */
    private volatile boolean frozen;
    /** Set when the grace period ends: acks and REST responses after it leave the send unconfirmed. */
    private volatile boolean acceptFrozen;
    private final AtomicInteger lateFrames = new AtomicInteger();
    private final AtomicInteger lateResponses = new AtomicInteger();
    private final AtomicInteger lateAcks = new AtomicInteger();
    private long startEpochMillis;
    private long startNanos;

    private final ExecutorService restPool = Executors.newCachedThreadPool(daemon("bench-rest"));
    private final ExecutorService wsPool = Executors.newCachedThreadPool(daemon("bench-ws"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(restPool).build();
    private final HttpClient wsHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(wsPool).build();
    private String api;
    private String wsUrl;

    private LoadBench(Config cfg) {
        this.cfg = cfg;
        int total = cfg.total();
        this.msgs = new Msg[total];
        this.agents = new Agent[cfg.rooms][cfg.agents];
    }

    // ------------------------------------------------------------------ main

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) throws Exception {
        Config cfg = Config.parse(args);
        // With fewer than 3 cores the common pool has parallelism 1, and CompletableFuture then
        // starts a new thread for every async step; the JDK HTTP client takes one per response.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        // The server logs through slf4j-simple: keep its INFO chatter out of the report.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        int code;
        try {
            code = new LoadBench(cfg).run();
        } catch (Exception e) {
            System.out.flush();
            System.err.println("bench setup failed: " + e);
            e.printStackTrace();
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    private int run() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIMIT_SEND_PER_MINUTE", "600000");
        env.put("LIMIT_SEND_BURST", "100000");
        env.put("LIMIT_READS_PER_SECOND", "100000");
        env.put("LIMIT_READ_BURST", "100000");
        env.put("LIMIT_ROOM_MEMBERS", "200");
        env.put("LIMIT_ROOM_MEMBERS_CEILING", "1000");
        env.put("LIMIT_KEYS_PER_ROOM", "200");
        env.put("LIMIT_ROOMS_PER_USER", "1000");
        env.put("SWEEP_INTERVAL_SECONDS", "3600");

        printHeader(env);
        long t = System.nanoTime();
        AgentChatServer server = new AgentChatServer("127.0.0.1", 0, null, env).start();
        try {
            api = server.baseUrl() + "/api";
            wsUrl = server.baseUrl().replaceFirst("^http", "ws") + "/ws";
            System.out.printf(Locale.ROOT, "server      %s (started in %.1f s)%n", server.baseUrl(), secondsSince(t));
            t = System.nanoTime();
            setup();
            System.out.printf(Locale.ROOT, "setup       %d rooms, %d agents created over REST in %.1f s%n",
                    cfg.rooms, cfg.rooms * cfg.agents, secondsSince(t));
            t = System.nanoTime();
            connectAll();
            System.out.printf(Locale.ROOT, "sockets     %d WebSockets joined in %.1f s%n",
                    cfg.rooms * cfg.agents, secondsSince(t));
            Thread.sleep(1000); // let the join announcements fan out before measuring
            return drive();
        } finally {
            closing = true;
            for (Agent[] room : agents) {
                for (Agent a : room) {
                    if (a != null && a.ws != null) {
                        a.ws.abort();
                    }
                }
            }
            closeWithTimeout(server);
        }
    }

    /**
     * Closes the server, but gives up after a while: under a backlog, AgentChatServer.close() can
     * deadlock inside DynamoDB Local's shutdown (see the report's note), and the bench must still exit.
     */
    private static void closeWithTimeout(AgentChatServer server) {
        Thread closer = new Thread(server::close, "bench-server-close");
        closer.setDaemon(true);
        long t = System.nanoTime();
        closer.start();
        try {
            closer.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.out.printf(Locale.ROOT, "%nWARNING     AgentChatServer.close() did not return within %.0f s (stuck in %s);"
                    + " exiting anyway%n", secondsSince(t), topFrames(closer, 4));
        }
    }

    private static String topFrames(Thread thread, int n) {
        StackTraceElement[] st = thread.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, st.length); i++) {
            sb.append(i == 0 ? "" : " <- ").append(st[i].getClassName().replaceAll(".*\\.", "")).append('.')
                    .append(st[i].getMethodName());
        }
        return sb.toString();
    }

    private void printHeader(Map<String, String> env) {
        Runtime rt = Runtime.getRuntime();
        System.out.println("=== AgentChat realtime load bench ===");
        System.out.printf(Locale.ROOT, "config      rooms=%d agents/room=%d (=%d sockets) rate=%.1f msg/s duration=%.1f s"
                        + " warmup=%.1f s at %.1f msg/s rest-fraction=%.2f grace=%.1f s (+%.1f s fan-out grace when not settled) pad=%d B%n",
                cfg.rooms, cfg.agents, cfg.rooms * cfg.agents, cfg.rate, cfg.durationSec, cfg.warmupSec, cfg.warmupRate,
                cfg.restFraction, cfg.graceSec, cfg.fanoutGraceSec, cfg.pad);
        System.out.printf(Locale.ROOT, "machine     %d cpus, java %s, max heap %d MB%n", rt.availableProcessors(),
                System.getProperty("java.version"), rt.maxMemory() >> 20);
        System.out.println("server env  " + env);
    }

    // ------------------------------------------------------------------ setup

    private void setup() throws Exception {
        String email = "bench-" + System.currentTimeMillis() + "@example.com";
        call("POST", "/auth/signup", null, obj().put("email", email).put("password", PASSWORD).put("name", "Bench"), 201);
        String token = call("POST", "/auth/login", null, obj().put("email", email).put("password", PASSWORD), 200)
                .path("token").asText();
        for (int r = 0; r < cfg.rooms; r++) {
            JsonNode created = call("POST", "/rooms", token,
                    obj().put("name", "bench-" + r).put("max_members", cfg.agents), 201);
            String roomId = created.path("room").path("id").asText();
            roomIds.add(roomId);
            for (int a = 0; a < cfg.agents; a++) {
                String key = call("POST", "/rooms/" + roomId + "/invites", token, obj().put("label", "r" + r + "-a" + a), 201)
                        .path("key").asText();
                agents[r][a] = new Agent(r, a, key);
            }
        }
    }

    private final List<String> roomIds = new ArrayList<>();

    private JsonNode call(String method, String path, String bearer, ObjectNode body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void connectAll() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int r = 0; r < cfg.rooms; r++) {
            for (Agent a : agents[r]) {
                CompletableFuture<Void> done = wsHttp.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(wsUrl), a)
                        .thenCompose(ws -> {
                            a.ws = ws;
                            ObjectNode join = obj().put("type", "join").put("room", roomIds.get(a.room)).put("key", a.key)
                                    .put("name", a.label);
                            a.send(join.toString());
                            return a.joined;
                        });
                all.add(done);
            }
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ the run

    private int drive() throws Exception {
        int total = msgs.length;
        int warmupCount = cfg.warmupCount();
        double periodNanos = 1e9 / cfg.rate;
        double warmupPeriodNanos = 1e9 / cfg.warmupRate;
        long[] perRoomCount = new long[cfg.rooms];
        double[] perRoomRestCredit = new double[cfg.rooms];
        for (int r = 1; r < cfg.rooms; r += 2) {
            perRoomRestCredit[r] = 0.5; // odd rooms start half a step ahead, so rooms differ in phase
        }
        Sampler sampler = cfg.sample ? new Sampler() : null;
        CpuSnapshot cpuStart = null;
        long gcStart = 0;

        startEpochMillis = System.currentTimeMillis();
        startNanos = System.nanoTime();
        long t0 = startNanos + 50_000_000L;
        long measureStart = t0 + (long) (warmupCount * warmupPeriodNanos);
        long maxLagNanos = 0;
        long lagOver5ms = 0;
        System.out.printf(Locale.ROOT, "sending     %d messages (%d warmup + %d measured) ...%n",
                total, warmupCount, total - warmupCount);
        for (int i = 0; i < total; i++) {
            long target = i < warmupCount ? t0 + (long) (i * warmupPeriodNanos)
                    : measureStart + (long) ((i - warmupCount) * periodNanos);
            long now;
            while ((now = System.nanoTime()) < target) {
                long left = target - now;
                if (left > 200_000) {
                    LockSupport.parkNanos(left - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (i == warmupCount) {
                cpuStart = CpuSnapshot.take();
                gcStart = gcMillis();
                if (sampler != null) {
                    sampler.start();
                }
            }
            long lag = now - target;
            maxLagNanos = Math.max(maxLagNanos, lag);
            if (lag > 5_000_000) {
                lagOver5ms++;
            }
            int room = i % cfg.rooms;
            long c = perRoomCount[room]++;
            int agent = (int) ((c + c / cfg.agents) % cfg.agents);
            // Per-room Bresenham on the REST fraction, staggered across rooms.
            perRoomRestCredit[room] += cfg.restFraction;
            boolean rest = false;
            if (perRoomRestCredit[room] >= 1.0 - 1e-9) {
                perRoomRestCredit[room] -= 1.0;
                rest = true;
            }
            Msg m = new Msg(i, room, agent, rest, i < warmupCount);
            msgs[i] = m;
            sendOne(m);
        }
        long sendEnd = System.nanoTime();
        CpuSnapshot cpuSend = CpuSnapshot.take();
        long gcSend = gcMillis();
        if (sampler != null) {
            sampler.stop();
        }
        if (cpuStart == null) {
            cpuStart = cpuSend;
            gcStart = gcSend;
        }

        // Grace: wait for responses, acks and deliveries, but no longer than the grace period.
        long deadline = sendEnd + (long) (cfg.graceSec * 1e9);
        while (System.nanoTime() < deadline) {
            if (allSettled()) {
                break;
            }
            Thread.sleep(20);
        }
        boolean settledInTime = allSettled();
        // Sends not confirmed by now count as unconfirmed; messages confirmed by now get a last
        // window to reach everyone, so one confirmed at the deadline is not called lost.
        acceptFrozen = true;
        Thread.sleep(50);
        long fanoutDeadline = System.nanoTime() + (long) (cfg.fanoutGraceSec * 1e9);
        while (!settledInTime && System.nanoTime() < fanoutDeadline && !acceptedAllDelivered()) {
            Thread.sleep(20);
        }
        frozen = true;
        long settled = System.nanoTime();
        CpuSnapshot cpuEnd = CpuSnapshot.take();
        Thread.sleep(100); // let handlers already past the frozen check finish
        return report(warmupCount, measureStart, sendEnd, settled, settledInTime, maxLagNanos, lagOver5ms, cpuStart,
                cpuSend, cpuEnd, gcSend - gcStart, sampler);
    }

    private boolean acceptedAllDelivered() {
        for (Msg m : msgs) {
            if (m.accepted && m.delivered.get() < cfg.agents - 1) {
                return false;
            }
        }
        return true;
    }

    private boolean allSettled() {
        if (restInFlight.get() > 0) {
            return false;
        }
        for (Msg m : msgs) {
            if (!m.accepted && !m.failed) {
                return false;
            }
            if (m.accepted && m.delivered.get() < cfg.agents - 1) {
                return false;
            }
        }
        return true;
    }

    private void sendOne(Msg m) {
        Agent a = agents[m.room][m.sender];
        StringBuilder content = new StringBuilder(64 + cfg.pad);
        content.append(CONTENT_PREFIX).append(m.id).append('|');
        long sendNanos = System.nanoTime();
        content.append(sendNanos);
        if (cfg.pad > 0) {
            content.append('|').append("x".repeat(cfg.pad));
        }
        m.sendNanos = sendNanos;
        if (m.rest) {
            String body = obj().put("content", content.toString()).toString();
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/rooms/" + roomIds.get(m.room) + "/messages"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + a.key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int inFlight = restInFlight.incrementAndGet();
            maxRestInFlight.accumulateAndGet(inFlight, Math::max);
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                if (acceptFrozen) {
                    lateResponses.incrementAndGet();
                    restInFlight.decrementAndGet();
                    return;
                }
                try {
                    if (error != null) {
                        m.failed = true;
                        restError("exception " + rootCause(error).getClass().getSimpleName(), m, String.valueOf(rootCause(error)));
                    } else if (response.statusCode() == 201) {
                        JsonNode body2 = JSON.readTree(response.body());
                        m.seq = body2.path("seq").asLong(-1);
                        m.stampMillis = parseStamp(body2.path("timestamp").asText(null));
                        m.doneNanos = now;
                        m.accepted = true;
                    } else {
                        m.failed = true;
                        String code = "?";
                        try {
                            code = JSON.readTree(response.body()).path("error").path("code").asText("?");
                        } catch (Exception ignored) {
                            // not JSON
                        }
                        restError("HTTP " + response.statusCode() + " " + code, m, response.body());
                    }
                } catch (Exception e) {
                    m.failed = true;
                    restError("client: " + e.getClass().getSimpleName(), m, String.valueOf(e));
                } finally {
                    restInFlight.decrementAndGet();
                }
            });
        } else {
            String frame = obj().put("type", "message").put("content", content.toString()).put("client_id", "c" + m.id)
                    .toString();
            synchronized (a.pendingWs) {
                a.pendingWs.addLast(m.id);
            }
            a.send(frame).whenComplete((ws, error) -> {
                if (error != null) {
                    m.failed = true;
                    synchronized (a.pendingWs) {
                        a.pendingWs.remove(m.id);
                    }
                    wsErrors.computeIfAbsent("WS send failed " + rootCause(error).getClass().getSimpleName(),
                            k -> new LongAdder()).increment();
                }
            });
        }
    }

    private void restError(String key, Msg m, String detail) {
        restErrors.computeIfAbsent(key, k -> new LongAdder()).increment();
        restErrorSamples.putIfAbsent(key, "msg " + m.id + ": " + (detail.length() > 300 ? detail.substring(0, 300) : detail));
    }

    // ------------------------------------------------------------------ report

    private int report(int warmupCount, long measureStart, long sendEnd, long settled, boolean settledInTime,
                       long maxLagNanos, long lagOver5ms,
                       CpuSnapshot cpuStart, CpuSnapshot cpuSend, CpuSnapshot cpuEnd, long gcMillis, Sampler sampler) {
        int receivers = cfg.agents - 1;
        long attemptedRest = 0;
        long attemptedWs = 0;
        long acceptedRest = 0;
        long acceptedWs = 0;
        long failedRest = 0;
        long failedWs = 0;
        long unconfirmed = 0;
        long expected = 0;
        long deliveredOfAccepted = 0;
        long deliveredOfUnconfirmed = 0;
        long missing = 0;
        long msgsWithLoss = 0;
        List<String> lossSamples = new ArrayList<>();
        LongList restLatency = new LongList();
        LongList ackLatency = new LongList();
        for (Msg m : msgs) {
            if (m.rest) {
                attemptedRest++;
            } else {
                attemptedWs++;
            }
            if (m.accepted) {
                if (m.rest) {
                    acceptedRest++;
                    if (!m.warmup) {
                        restLatency.add(m.doneNanos - m.sendNanos);
                    }
                } else {
                    acceptedWs++;
                    if (!m.warmup) {
                        ackLatency.add(m.doneNanos - m.sendNanos);
                    }
                }
                expected += receivers;
                int d = m.delivered.get();
                deliveredOfAccepted += d;
                if (d < receivers) {
                    missing += receivers - d;
                    msgsWithLoss++;
                    if (lossSamples.size() < 8) {
                        lossSamples.add("msg " + m.id + " (" + (m.rest ? "REST" : "WS") + ", room " + m.room + ", seq "
                                + m.seq + ") reached " + d + "/" + receivers);
                    }
                }
            } else if (m.failed) {
                if (m.rest) {
                    failedRest++;
                } else {
                    failedWs++;
                }
                deliveredOfUnconfirmed += m.delivered.get();
            } else {
                unconfirmed++;
                deliveredOfUnconfirmed += m.delivered.get();
            }
        }

        // Per-delivery latencies (measured phase), plus per-second buckets by send time.
        LongList all = new LongList();
        LongList allInclWarmup = new LongList();
        LongList stampToRecv = new LongList();
        LongList sendToStamp = new LongList();
        int seconds = (int) Math.ceil(cfg.durationSec);
        LongList[] bySecond = new LongList[seconds + 1];
        long[] sentBySecond = new long[seconds + 1];
        long[] expectedBySecond = new long[seconds + 1];
        for (int s = 0; s <= seconds; s++) {
            bySecond[s] = new LongList();
        }
        long duplicates = 0;
        long outOfOrder = 0;
        long foreign = 0;
        int receiversWithGaps = 0;
        List<String> gapSamples = new ArrayList<>();
        Map<Integer, List<Long>> acceptedSeqsByRoom = new HashMap<>();
        for (Msg m : msgs) {
            if (m.accepted) {
                acceptedSeqsByRoom.computeIfAbsent(m.room, k -> new ArrayList<>()).add(m.seq);
            }
            if (!m.warmup) {
                int s = secondOf(m.sendNanos, measureStart, seconds);
                sentBySecond[s]++;
                if (m.accepted) {
                    expectedBySecond[s] += receivers;
                }
            }
        }
        for (Agent[] room : agents) {
            for (Agent a : room) {
                synchronized (a) {
                    duplicates += a.duplicates;
                    outOfOrder += a.outOfOrder;
                    foreign += a.foreign;
                    for (int i = 0; i < a.deliveries; i++) {
                        Msg m = msgs[a.deliveredIds[i]];
                        long lat = a.latencyNanos[i];
                        allInclWarmup.add(lat);
                        if (!m.warmup) {
                            all.add(lat);
                            bySecond[secondOf(m.sendNanos, measureStart, seconds)].add(lat);
                            if (m.stampMillis >= 0) {
                                long recvEpochMicros = startEpochMillis * 1000 + (m.sendNanos + lat - startNanos) / 1000;
                                long sendEpochMicros = startEpochMillis * 1000 + (m.sendNanos - startNanos) / 1000;
                                stampToRecv.add((recvEpochMicros - m.stampMillis * 1000) * 1000);
                                sendToStamp.add((m.stampMillis * 1000 - sendEpochMicros) * 1000);
                            }
                        }
                    }
                    // Gaps: accepted seqs of this room, sent by others, this receiver never saw.
                    List<Long> expectedSeqs = new ArrayList<>();
                    for (Msg m : msgs) {
                        if (m.accepted && m.room == a.room && m.sender != a.index) {
                            expectedSeqs.add(m.seq);
                        }
                    }
                    int gaps = 0;
                    for (long seq : expectedSeqs) {
                        if (!a.seenSeqs.contains(seq)) {
                            gaps++;
                        }
                    }
                    if (gaps > 0) {
                        receiversWithGaps++;
                        if (gapSamples.size() < 5) {
                            gapSamples.add(a.label + " missed " + gaps + " of " + expectedSeqs.size() + " seqs");
                        }
                    }
                }
            }
        }

        double measuredSendSecs = (sendEnd - measureStart) / 1e9;
        long measuredAttempted = 0;
        long measuredAccepted = 0;
        for (Msg m : msgs) {
            if (!m.warmup) {
                measuredAttempted++;
                if (m.accepted) {
                    measuredAccepted++;
                }
            }
        }
        long lastDelivery = lastDeliveryNanos.get();
        double drainMs = lastDelivery > sendEnd ? (lastDelivery - sendEnd) / 1e6 : 0;

        System.out.println();
        System.out.println("=== report ===");
        System.out.printf(Locale.ROOT, "sends       attempted %d (REST %d, WS %d); accepted %d (REST %d, WS %d);"
                        + " failed %d (REST %d, WS %d); unconfirmed at end %d%n",
                msgs.length, attemptedRest, attemptedWs, acceptedRest + acceptedWs, acceptedRest, acceptedWs,
                failedRest + failedWs, failedRest, failedWs, unconfirmed);
        System.out.printf(Locale.ROOT, "rate        target %.1f msg/s; achieved (measured phase) %.1f attempted/s, %.1f accepted/s;"
                        + " scheduler lag max %.2f ms (%d sends > 5 ms late); REST in flight max %d%n",
                cfg.rate, measuredAttempted / measuredSendSecs, measuredAccepted / measuredSendSecs,
                maxLagNanos / 1e6, lagOver5ms, maxRestInFlight.get());
        printErrors("REST errors", restErrors, restErrorSamples);
        printErrors("WS errors  ", wsErrors, wsErrorSamples);
        System.out.printf(Locale.ROOT, "fan-out     delivered %d / expected %d (%.4f%%); missing %d in %d messages;"
                        + " receivers with gaps %d; duplicates %d; out of order %d; misrouted %d; foreign %d;"
                        + " delivered copies of failed/unconfirmed sends %d%n",
                deliveredOfAccepted, expected, expected == 0 ? 100.0 : 100.0 * deliveredOfAccepted / expected, missing,
                msgsWithLoss, receiversWithGaps, duplicates, outOfOrder, misrouted.get(), foreign, deliveredOfUnconfirmed);
        for (String s : lossSamples) {
            System.out.println("            " + s);
        }
        for (String s : gapSamples) {
            System.out.println("            " + s);
        }
        double deliveryWindow = ((lastDelivery > 0 ? lastDelivery : sendEnd) - (startNanos + 50_000_000L)) / 1e9;
        System.out.printf(Locale.ROOT, "throughput  %.1f deliveries/s overall (%d deliveries, warmup included); last delivery %.0f ms"
                        + " after the last send; settled %.0f ms after it%s%n",
                (deliveredOfAccepted + deliveredOfUnconfirmed) / deliveryWindow, deliveredOfAccepted + deliveredOfUnconfirmed,
                drainMs, (settled - sendEnd) / 1e6, settledInTime ? "" : " (grace expired before everything arrived)");
        if (lateFrames.get() > 0 || lateResponses.get() > 0 || lateAcks.get() > 0) {
            System.out.printf(Locale.ROOT, "            late (not counted above): %d REST responses and %d WS acks after the"
                    + " grace period, %d frames after the fan-out grace%n", lateResponses.get(), lateAcks.get(),
                    lateFrames.get());
        }
        System.out.println("latency ms  (send -> receive by another agent of the room; measured phase, every delivery)");
        System.out.println("            " + stats("fan-out", all));
        System.out.println("            " + stats("fan-out incl. warmup", allInclWarmup));
        System.out.println("            " + stats("REST send -> 201", restLatency));
        System.out.println("            " + stats("WS send -> ack", ackLatency));
        System.out.println("            " + stats("send -> server stamp*", sendToStamp));
        System.out.println("            " + stats("server stamp* -> receive", stampToRecv));
        System.out.println("            * stamp = the message's timestamp, taken when its winning append attempt starts"
                + " (ms resolution, same clock)");
        System.out.println("per second  (by send time, measured phase)");
        System.out.println("            sec  sent  deliv/expected     p50     p90     p99     max");
        for (int s = 0; s < seconds; s++) {
            LongList l = bySecond[s];
            long[] v = l.sorted();
            System.out.printf(Locale.ROOT, "            %3d %5d %7d/%-7d %7s %7s %7s %7s%n", s, sentBySecond[s], l.size(),
                    expectedBySecond[s], ms(pct(v, 0.50)), ms(pct(v, 0.90)), ms(pct(v, 0.99)),
                    ms(v.length == 0 ? -1 : v[v.length - 1]));
        }
        printCpu("cpu (measured send phase)", cpuStart, cpuSend, (sendEnd - measureStart) / 1e9, gcMillis);
        printCpu("cpu (grace/drain)", cpuSend, cpuEnd, (settled - sendEnd) / 1e9, -1);
        if (sampler != null) {
            sampler.print();
        }

        long[] sorted = all.sorted();
        double p99 = pct(sorted, 0.99) / 1e6;
        boolean loss = missing > 0 || unconfirmed > 0;
        String p99Text = sorted.length == 0 ? "p99 n/a (no measured deliveries)"
                : String.format(Locale.ROOT, "p99 %.1f ms %s target %.0f ms", p99,
                        p99 < cfg.targetP99Ms ? "<" : ">=", cfg.targetP99Ms);
        System.out.println();
        System.out.printf(Locale.ROOT, "verdict     %s; %s; %s; %s%n",
                missing > 0 ? "LOSS: " + missing + " deliveries of confirmed sends missing" : "no missing deliveries",
                unconfirmed > 0 ? "BACKLOG: " + unconfirmed + " sends still unconfirmed after the grace period"
                        : "every send confirmed",
                (failedRest + failedWs) > 0 ? (failedRest + failedWs) + " sends refused/failed" : "no send errors",
                p99Text);
        System.out.println("exit        " + (loss ? "1 (missing deliveries or unconfirmed sends)" : "0"));
        return loss ? 1 : 0;
    }

    private void printErrors(String title, Map<String, LongAdder> errors, Map<String, String> samples) {
        if (errors.isEmpty()) {
            System.out.println(title + " none");
            return;
        }
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(errors).forEach((k, v) -> sb.append(k).append(" x").append(v.sum()).append("; "));
        System.out.println(title + " " + sb);
        new TreeMap<>(samples).forEach((k, v) -> System.out.println("            e.g. " + k + " <- " + v));
    }

    private static int secondOf(long sendNanos, long measureStart, int seconds) {
        long s = (sendNanos - measureStart) / 1_000_000_000L;
        return (int) Math.max(0, Math.min(seconds, s));
    }

    private static String stats(String label, LongList values) {
        long[] v = values.sorted();
        if (v.length == 0) {
            return String.format(Locale.ROOT, "%-26s n=0", label);
        }
        double sum = 0;
        for (long x : v) {
            sum += x;
        }
        return String.format(Locale.ROOT, "%-26s n=%-7d min %7s  p50 %7s  p90 %7s  p99 %7s  p99.9 %7s  max %7s  mean %7s",
                label, v.length, ms(v[0]), ms(pct(v, 0.50)), ms(pct(v, 0.90)), ms(pct(v, 0.99)), ms(pct(v, 0.999)),
                ms(v[v.length - 1]), ms((long) (sum / v.length)));
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static String ms(long nanos) {
        return nanos == -1 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static long parseStamp(String ts) {
        if (ts == null) {
            return -1;
        }
        try {
            return Instant.parse(ts).toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ CPU accounting and sampling

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** CPU time of every live Java thread, plus the whole process's. */
    private record CpuSnapshot(Map<Long, Long> cpuByThread, Map<Long, String> names, long processNanos,
                               long[] machineJiffies) {
        /** Busy and total jiffies of the whole machine (all processes), from /proc/stat; null elsewhere. */
        static long[] machine() {
            try {
                String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
                String[] f = line.trim().split("\\s+");
                long total = 0;
                long idle = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v; // idle + iowait
                    }
                }
                return new long[] {total - idle, total};
            } catch (Exception e) {
                return null;
            }
        }

        static CpuSnapshot take() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpu = new HashMap<>();
            Map<Long, String> names = new HashMap<>();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
            long process = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                process = os.getProcessCpuTime();
            }
            return new CpuSnapshot(cpu, names, process, machine());
        }
    }

    private static void printCpu(String title, CpuSnapshot from, CpuSnapshot to, double wallSecs, long gcMillis) {
        if (wallSecs <= 0.01) {
            return;
        }
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : to.cpuByThread.entrySet()) {
            long before = from.cpuByThread.getOrDefault(e.getKey(), 0L);
            long delta = e.getValue() - before;
            if (delta <= 0) {
                continue;
            }
            String group = group(to.names.get(e.getKey()));
            byGroup.merge(group, delta, Long::sum);
            threads.merge(group, 1, Integer::sum);
            javaThreads += delta;
        }
        long process = to.processNanos - from.processNanos;
        int cpus = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%s  wall %.1f s; process %.2f core-s = %.0f%% of %d cores;"
                        + " Java threads %.2f core-s (rest = JIT/GC/VM)%s%n",
                title, wallSecs, process / 1e9, 100.0 * process / 1e9 / wallSecs / cpus, cpus, javaThreads / 1e9,
                gcMillis >= 0 ? "; GC pause time " + gcMillis + " ms" : "");
        if (from.machineJiffies != null && to.machineJiffies != null && wallSecs >= 0.5) {
            long busy = to.machineJiffies[0] - from.machineJiffies[0];
            long all = to.machineJiffies[1] - from.machineJiffies[1];
            double machineBusyCores = all == 0 ? 0 : (double) busy / all * cpus;
            double ours = process / 1e9 / wallSecs;
            System.out.printf(Locale.ROOT, "            machine (all processes) %.2f of %d cores busy; this JVM %.2f;"
                            + " other processes ~%.2f cores%s%n", machineBusyCores, cpus, ours,
                    Math.max(0, machineBusyCores - ours),
                    machineBusyCores - ours > 0.2 ? "  <-- other load on the machine skews these numbers" : "");
        }
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(14)
                .forEach(e -> System.out.printf(Locale.ROOT, "            %-44s %6.2f core-s  %5.1f%% of a core  (%d threads)%n",
                        e.getKey(), e.getValue() / 1e9, 100.0 * e.getValue() / 1e9 / wallSecs,
                        threads.get(e.getKey())));
    }

    /** Thread name with its numbers folded: pools show up as one line, and whose side they are on. */
    private static String group(String name) {
        if (name == null) {
            return "?";
        }
        String g = name.replaceAll("\\d+", "#");
        if (g.startsWith("bench-") || g.startsWith("HttpClient-#-SelectorManager") || g.equals("main")) {
            return "[bench] " + g;
        }
        if (g.startsWith("XNIO-") || g.startsWith("SQLiteQueue") || g.equals("ws-lane") || g.equals("fan-out")
                || g.equals("stream-poller") || g.equals("sweeper") || g.equals("Keep-Alive-Timer") || g.startsWith("management-api")
                || g.startsWith("pool-#-thread-")) {
            return "[server] " + g;
        }
        return "[other] " + g;
    }

    /** Samples the stacks of running threads (opt-in: it costs CPU itself). */
    private static final class Sampler implements Runnable {
        private static final Set<String> IDLE = Set.of(
                "sun.nio.ch.EPoll.wait", "sun.nio.ch.SocketDispatcher.read0", "sun.nio.ch.Net.poll",
                "sun.nio.ch.Net.accept", "java.lang.ref.Reference.waitForReferencePendingList",
                "sun.management.ThreadImpl.dumpThreads0", "java.net.SocketInputStream.socketRead0",
                "java.net.PlainSocketImpl.socketAccept", "sun.nio.ch.EPollArrayWrapper.epollWait");
        private final Map<String, Integer> top = new HashMap<>();
        private final Map<String, Integer> app = new HashMap<>();
        private final Map<String, Integer> blocked = new HashMap<>();
        private final Map<String, Integer> inServerCode = new HashMap<>();
        private final Map<String, Integer> runnableByGroup = new HashMap<>();
        private volatile boolean running;
        private Thread thread;
        private int samples;

        void start() {
            running = true;
            thread = new Thread(this, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2000);
        }

        @Override
        public void run() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            while (running) {
                ThreadInfo[] infos = mx.dumpAllThreads(false, false, 100);
                samples++;
                for (ThreadInfo info : infos) {
                    StackTraceElement[] st = info.getStackTrace();
                    if (st.length == 0 || info.getThreadName().equals("bench-sampler")) {
                        continue;
                    }
                    String group = group(info.getThreadName());
                    StackTraceElement where = firstServerCode(st);
                    if (where != null) {
                        inServerCode.merge(group + " | " + frame(where), 1, Integer::sum);
                    }
                    if (info.getThreadState() == Thread.State.BLOCKED) {
                        blocked.merge(group + " | on " + info.getLockName() + " at " + frame(firstApp(st)), 1, Integer::sum);
                        continue;
                    }
                    String topMethod = st[0].getClassName() + "." + st[0].getMethodName();
                    if (info.getThreadState() != Thread.State.RUNNABLE || IDLE.contains(topMethod)
                            || topMethod.equals("java.lang.Object.wait") || topMethod.equals("jdk.internal.misc.Unsafe.park")
                            || topMethod.equals("java.lang.Thread.sleep")) {
                        continue;
                    }
                    runnableByGroup.merge(group, 1, Integer::sum);
                    top.merge(group + " | " + frame(st[0]), 1, Integer::sum);
                    app.merge(group + " | " + frame(firstApp(st)), 1, Integer::sum);
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The innermost agentchat frame (not the bench's): which server operation a thread is in. */
        private static StackTraceElement firstServerCode(StackTraceElement[] st) {
            for (StackTraceElement e : st) {
                String c = e.getClassName();
                if (c.startsWith("dev.agentchat") && !c.startsWith("dev.agentchat.bench")) {
                    return e;
                }
            }
            return null;
        }

        private static StackTraceElement firstApp(StackTraceElement[] st) {
            for (StackTraceElement e : st) {
                String c = e.getClassName();
                if (c.startsWith("dev.agentchat") || c.startsWith("com.amazonaws.services.dynamodbv2")
                        || c.startsWith("com.almworks")) {
                    return e;
                }
            }
            return st[0];
        }

        private static String frame(StackTraceElement e) {
            String c = e.getClassName();
            return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber();
        }

        void print() {
            System.out.printf(Locale.ROOT, "sampling    %d samples of all thread stacks (every ~25 ms, measured phase);"
                    + " avg runnable threads per sample by group:%n", samples);
            printTop(runnableByGroup, 10, true);
            System.out.println("            top frames of runnable threads (share of samples):");
            printTop(top, 20, false);
            System.out.println("            first agentchat/DynamoDB Local frame of runnable threads:");
            printTop(app, 20, false);
            System.out.println("            threads inside agentchat code, any state (avg per sample), by innermost agentchat frame:");
            printTop(inServerCode, 12, true);
            if (!blocked.isEmpty()) {
                System.out.println("            BLOCKED threads (monitor contention):");
                printTop(blocked, 10, false);
            }
        }

        private void printTop(Map<String, Integer> counts, int n, boolean average) {
            counts.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue())).limit(n)
                    .forEach(e -> System.out.printf(Locale.ROOT, average ? "              %6.2f  %s%n" : "              %5.1f%%  %s%n",
                            average ? (double) e.getValue() / Math.max(1, samples)
                                    : 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
