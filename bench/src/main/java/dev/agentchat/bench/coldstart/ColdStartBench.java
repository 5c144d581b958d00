package dev.agentchat.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import dev.agentchat.Routes;
import dev.agentchat.bench.BenchArgs;
import dev.agentchat.bench.coldstart.harness.ColdStartHarness;
import dev.agentchat.bench.coldstart.harness.FloorHandler;
import dev.agentchat.config.AppConfig;
import dev.agentchat.handler.http.BanAgentHandler;
import dev.agentchat.handler.http.CreateInviteHandler;
import dev.agentchat.handler.http.CreateRoomHandler;
import dev.agentchat.handler.http.DeleteRoomHandler;
import dev.agentchat.handler.http.GetRoomHandler;
import dev.agentchat.handler.http.HealthHandler;
import dev.agentchat.handler.http.HeartbeatHandler;
import dev.agentchat.handler.http.KickAgentHandler;
import dev.agentchat.handler.http.ListInvitesHandler;
import dev.agentchat.handler.http.ListRoomsHandler;
import dev.agentchat.handler.http.LoginHandler;
import dev.agentchat.handler.http.LogoutHandler;
import dev.agentchat.handler.http.MeHandler;
import dev.agentchat.handler.http.OpenApiHandler;
import dev.agentchat.handler.http.PauseRoomHandler;
import dev.agentchat.handler.http.PublicJoinHandler;
import dev.agentchat.handler.http.PublicRoomsHandler;
import dev.agentchat.handler.http.ReadMessagesHandler;
import dev.agentchat.handler.http.ResumeRoomHandler;
import dev.agentchat.handler.http.RevokeInviteHandler;
import dev.agentchat.handler.http.SendMessageHandler;
import dev.agentchat.handler.http.SignupHandler;
import dev.agentchat.handler.http.UpdateRoomHandler;
import dev.agentchat.handler.mcp.McpHandler;
import dev.agentchat.handler.ws.ConnectHandler;
import dev.agentchat.handler.ws.DefaultHandler;
import dev.agentchat.handler.ws.DisconnectHandler;
import dev.agentchat.handler.ws.JoinHandler;
import dev.agentchat.handler.ws.PingHandler;
import dev.agentchat.handler.ws.PongHandler;
import dev.agentchat.handler.ws.SendHandler;
import dev.agentchat.handler.ws.WatchHandler;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.model.Connection;
import dev.agentchat.standalone.LocalManagementApi;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.TableNames;
import dev.agentchat.store.TableSetup;
import dev.agentchat.store.Tables;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.NetworkDynamo;
import dev.agentchat.wiring.DynamoDbClients;
import dev.agentchat.wiring.Wiring;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold-start benchmark (not a test), as Lambda feels it: for every handler class in
 * {@link Routes}, a fresh JVM loads the shaded Lambda jar, constructs the handler and handles one
 * representative event against DynamoDB Local; the same for a floor handler that only builds
 * the same DynamoDB client and does one GetItem. Each handler's figures are reported as a ratio
 * to the floor.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/agentchat-bench.jar dev.agentchat.bench.coldstart.ColdStartBench \
 *      [--runs 5] [--jar functions/target/agentchat-functions-*-lambda.jar] [--java path/to/java]
 *      [--jvm-opts "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"] [--only SendMessageHandler,…]
 *      [--target-ratio 1.3] [--settle-ms 3000]
 * </pre>
 *
 * The bench (this JVM) runs DynamoDB Local as a loopback network server, a stub of the API
 * Gateway Management API that accepts every push and records it, and seeds a user, a session,
 * rooms, keys and messages by calling the handlers in-process. Before each child run it prepares
 * what that run's event needs (a fresh room to delete, a fresh agent to kick, a fresh socket to
 * join…), waits for its own CPU to go quiet (what the preparation set off in this JVM, JIT and
 * GC threads, would otherwise run beside the child), then starts
 * {@code java -cp <lambda jar>:<harness dir>} with only the variables a Lambda would have. The harness dir holds this package's {@code harness} classes only, so the
 * child sees nothing of the bench's own class path. Every run's outcome is checked (an
 * HTTP handler's success status; no {@code error} frame pushed by a WebSocket handler and the
 * frame it owes; no failed stream record): a refused request is not a cold start.
 *
 * Runs go round-robin over the handlers (run 1 of each, then run 2 of each…) so that a noisy
 * neighbour hurts every handler alike. Reported per handler: median init (JVM launch → handler
 * constructed), median first invocation ({@code handleRequest} only), median total (JVM launch →
 * first response, including the event decode), loaded classes, total / floor total, and the
 * child's CPU time (all threads) and its ratio to the floor's, the steadier figure when other
 * work shares the machine.
 *
 * Exit code: 0 when every run succeeded, 1 when a run failed its check, 2 when the setup failed.
 */
public final class ColdStartBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "cold-start-password-0123";
    private static final String DEFAULT_JVM_OPTS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final String HARNESS_PACKAGE = "dev/agentchat/bench/coldstart/harness/";
    private static final long CHILD_TIMEOUT_SECONDS = 60;
    /** The sweep scenario's live sockets; with the stale and the silent one, what its check expects. */
    private static final int SWEEP_LIVE_SOCKETS = 3;
    private static final String EXPECTED_SWEEP = "Report[pinged=" + SWEEP_LIVE_SOCKETS
            + ", closed=2, timedOutAgents=0, finishedDeletions=0]";
    /** The bench counts as idle when it used less than this share of one core over a window. */
    private static final long SETTLE_WINDOW_MS = 100;
    private static final long SETTLE_IDLE_PERCENT = 5;

    // ------------------------------------------------------------------ configuration

    private record Config(int runs, Path jar, String java, String jvmOpts, List<String> only, double targetRatio,
                          long settleMs) {
        static final List<BenchArgs.Option> OPTIONS = List.of(
                BenchArgs.option("runs", "5", "cold starts of each handler (round-robin)"),
                BenchArgs.option("jar", null, "the shaded Lambda jar (default: functions/target/*-lambda.jar)"),
                BenchArgs.option("java", null, "the child's java (default: this JVM's)"),
                BenchArgs.option("jvm-opts", DEFAULT_JVM_OPTS, "the child's JAVA_TOOL_OPTIONS (the Lambda runtime's)"),
                BenchArgs.option("only", null, "handler simple names, comma-separated (default: every handler)"),
                BenchArgs.option("target-ratio", "1.3", "total / floor total above which a handler is flagged"),
                BenchArgs.option("settle-ms", "3000", "at most this long, wait for the bench's own CPU to go quiet"
                        + " after preparing a run (0: start the child at once)"));

        static Config from(BenchArgs args) {
            int runs = args.integer("runs");
            args.require(runs >= 1, "--runs must be at least 1");
            Path jar = args.isSet("jar") ? Path.of(args.text("jar")) : findLambdaJar();
            String java = args.isSet("java") ? args.text("java")
                    : Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Config(runs, jar, java, args.text("jvm-opts"), args.list("only"), args.decimal("target-ratio"),
                    args.integer("settle-ms"));
        }

        private static Path findLambdaJar() {
            Path dir = Path.of("functions", "target");
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no *-lambda.jar in " + dir
                                + ": build it (mvn -pl functions package) or pass --jar"));
            } catch (IOException e) {
                throw new IllegalArgumentException("no " + dir + ": run from the project root or pass --jar", e);
            }
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Config config = BenchArgs.parseOrExit("ColdStartBench", args, Config.OPTIONS, Config::from);
        Path work = Files.createTempDirectory("coldstart");
        Path harnessDir = copyHarness(work.resolve("harness"));
        try (NetworkDynamo dynamo = NetworkDynamo.start(); ManagementStub stub = ManagementStub.start()) {
            Map<String, String> env = lambdaEnvironment(dynamo.endpoint(), stub.endpoint());
            ColdStartBench bench = new ColdStartBench(config, env, stub, work, harnessDir);
            System.exit(bench.run());
        } catch (Exception e) {
            System.err.println("setup failed: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    /** What a Lambda function of this app sees, pointed at the local DynamoDB and the stub. */
    private static Map<String, String> lambdaEnvironment(String dynamoEndpoint, String managementEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("DYNAMODB_ENDPOINT", dynamoEndpoint);
        env.put("WS_MANAGEMENT_ENDPOINT", managementEndpoint);
        env.put("TABLE_PREFIX", "coldstart-");
        // The runs repeat the same calls many times: keep the limits out of the way.
        for (String limit : List.of("LIMIT_SEND_PER_MINUTE", "LIMIT_SEND_BURST", "LIMIT_READS_PER_SECOND",
                "LIMIT_READ_BURST", "LIMIT_ROOMS_PER_USER", "LIMIT_KEYS_PER_ROOM", "LIMIT_ROOM_MEMBERS",
                "LIMIT_ROOM_MEMBERS_CEILING", "LIMIT_SIGNUPS_PER_HOUR_FROM_ADDRESS", "LIMIT_LOGINS_PER_MINUTE",
                "LIMIT_LOGINS_PER_MINUTE_FROM_ADDRESS")) {
            env.put(limit, "100000");
        }
        // Benchmarks send far more agent messages in a row than the loop guard allows.
        env.put("LIMIT_AGENT_TURN_BUDGET", "0");
        // The seeded REST agents stay present for the whole run, so the sweep's work does not grow
        // with the run's length (its scenario times out a socket's agent instead).
        env.put("AGENT_TIMEOUT_SECONDS", "86400");
        return env;
    }

    /** This package's harness classes, copied out so the child's class path holds nothing else of ours. */
    private static Path copyHarness(Path dir) throws IOException {
        URI source;
        try {
            source = ColdStartHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path location = Path.of(source);
        Path target = dir.resolve(HARNESS_PACKAGE);
        Files.createDirectories(target);
        int copied = 0;
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve(HARNESS_PACKAGE))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                    copied++;
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().startsWith(HARNESS_PACKAGE) && entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            Files.copy(in, target.resolve(entry.getName().substring(HARNESS_PACKAGE.length())));
                        }
                        copied++;
                    }
                }
            }
        }
        if (copied == 0) {
            throw new IOException("no harness classes found at " + location);
        }
        return dir;
    }

    // ------------------------------------------------------------------ one bench

    private final Config config;
    private final Map<String, String> env;
    private final ManagementStub stub;
    private final Path work;
    private final Path harnessDir;
    private final Wiring wiring;
    private final DynamoDbClient db;
    private final AppConfig appConfig;
    private Seed seed;
    /** Keys a run's preparation added to the seed room, removed again once the run is over. */
    private final List<String> runKeys = new ArrayList<>();

    private ColdStartBench(Config config, Map<String, String> env, ManagementStub stub, Path work, Path harnessDir) {
        this.config = config;
        this.env = env;
        this.stub = stub;
        this.work = work;
        this.harnessDir = harnessDir;
        this.appConfig = AppConfig.fromEnv(env);
        this.db = DynamoDbClients.create(appConfig);
        this.wiring = new Wiring(appConfig, db, Clock.systemUTC(), Secrets.create(),
                LocalManagementApi.create(appConfig, "bench"));
    }

    /**
     * What every scenario starts from. The rooms scenarios make (created, paused, deleted) belong
     * to a second user's {@code creatorToken}, so the seed user's rooms stay the same all run:
     * listing them, or signing out (which walks them for watch sockets), meets the same table
     * in every round.
     */
    private record Seed(String email, String token, String roomId, String adminKey, String agentKey,
                        String publicRoomId, String roomKey, String creatorToken) {
    }

    private int run() throws Exception {
        TableSetup.createMissing(db, appConfig);
        seed = seed();
        List<Scenario> scenarios = scenarios();
        if (!config.only.isEmpty()) {
            scenarios.removeIf(s -> !s.name.equals("floor") && !config.only.contains(s.name));
        }
        long jarBytes = Files.size(config.jar);
        System.out.printf(Locale.ROOT, "cold start: %d handlers + floor, %d runs each, jar %s (%.1f MB), java %s, opts %s%n",
                scenarios.size() - 1, config.runs, config.jar.getFileName(), jarBytes / 1e6, config.java, config.jvmOpts);

        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Scenario s : scenarios) {
            samples.put(s.name, new ArrayList<>());
        }
        for (int run = 1; run <= config.runs; run++) {
            for (Scenario s : scenarios) {
                try {
                    samples.get(s.name).add(runOnce(s, run));
                } catch (RunFailed e) {
                    failures.add(s.name + " run " + run + ": " + e.getMessage());
                    System.err.println("FAILED " + s.name + " run " + run + ": " + e.getMessage());
                }
            }
            System.out.printf(Locale.ROOT, "  round %d/%d done%n", run, config.runs);
        }
        report(samples, jarBytes);
        if (!failures.isEmpty()) {
            System.out.println(failures.size() + " run(s) failed their check:");
            failures.forEach(f -> System.out.println("  " + f));
            return 1;
        }
        return 0;
    }

    // ------------------------------------------------------------------ seed data

    private Seed seed() throws Exception {
        String email = "owner-" + UUID.randomUUID() + "@bench.test";
        http(SignupHandler.class, Map.of(), null, Map.of(), json("email", email, "password", PASSWORD, "name", "Owner"), 201);
        String token = http(LoginHandler.class, Map.of(), null, Map.of(), json("email", email, "password", PASSWORD), 200)
                .get("token").asText();
        JsonNode room = http(CreateRoomHandler.class, Map.of(), token, Map.of(), json("name", "cold start room"), 201);
        String roomId = room.get("room").get("id").asText();
        String adminKey = room.get("admin_key").asText();
        String agentKey = http(CreateInviteHandler.class, Map.of("room", roomId), adminKey, Map.of(),
                json("label", "second agent"), 201).get("key").asText();
        http(HeartbeatHandler.class, Map.of("room", roomId), agentKey, Map.of(), null, 200);
        for (int i = 0; i < 5; i++) {
            http(SendMessageHandler.class, Map.of("room", roomId), i % 2 == 0 ? adminKey : agentKey, Map.of(),
                    json("content", "seed message " + i), 201);
        }
        JsonNode publicRoom = http(CreateRoomHandler.class, Map.of(), token, Map.of(),
                json("name", "cold start public", "type", "public"), 201);
        String creator = "creator-" + UUID.randomUUID() + "@bench.test";
        http(SignupHandler.class, Map.of(), null, Map.of(), json("email", creator, "password", PASSWORD, "name", "Maker"), 201);
        String creatorToken = http(LoginHandler.class, Map.of(), null, Map.of(), json("email", creator, "password", PASSWORD),
                200).get("token").asText();
        return new Seed(email, token, roomId, adminKey, agentKey, publicRoom.get("room").get("id").asText(),
                publicRoom.get("room").get("room_key").asText(), creatorToken);
    }

    // ------------------------------------------------------------------ scenarios

    /** Prepares one run's event (in this JVM) and checks that run's outcome. */
    private interface Preparer {
        Prepared prepare() throws Exception;
    }

    /**
     * @param kind    how the harness decodes the event ({@code http}, {@code ser}, {@code floor})
     * @param event   properties (http, floor) or a serialisable event
     * @param check   given the child's result text, returns null if it is a success, else why not
     */
    private record Prepared(String kind, Object event, java.util.function.Function<String, String> check) {
    }

    private record Scenario(String name, String handlerClass, Preparer preparer) {
    }

    private List<Scenario> scenarios() {
        Seed s = seed;
        List<Scenario> list = new ArrayList<>();
        list.add(new Scenario("floor", FloorHandler.class.getName(), () -> {
            Properties p = new Properties();
            p.setProperty("table", TableNames.name(appConfig, Tables.ROOMS));
            p.setProperty("key", "room_id");
            p.setProperty("value", s.roomId);
            return new Prepared("floor", p, r -> r.equals("found=true") ? null : "floor read nothing: " + r);
        }));
        Map<String, String> room = Map.of("room", s.roomId);
        httpScenario(list, HealthHandler.class, 200, () -> httpEvent(HealthHandler.class, Map.of(), null, Map.of(), null));
        httpScenario(list, SignupHandler.class, 201, () -> httpEvent(SignupHandler.class, Map.of(), null, Map.of(),
                json("email", "u-" + UUID.randomUUID() + "@bench.test", "password", PASSWORD, "name", "New")));
        httpScenario(list, LoginHandler.class, 200, () -> httpEvent(LoginHandler.class, Map.of(), null, Map.of(),
                json("email", s.email, "password", PASSWORD)));
        httpScenario(list, LogoutHandler.class, 200, () -> httpEvent(LogoutHandler.class, Map.of(), freshSession(),
                Map.of(), null));
        httpScenario(list, MeHandler.class, 200, () -> httpEvent(MeHandler.class, Map.of(), s.token, Map.of(), null));
        httpScenario(list, ListRoomsHandler.class, 200, () -> httpEvent(ListRoomsHandler.class, Map.of(), s.token,
                Map.of(), null));
        httpScenario(list, CreateRoomHandler.class, 201, () -> httpEvent(CreateRoomHandler.class, Map.of(), s.creatorToken,
                Map.of(), json("name", "room " + UUID.randomUUID())));
        httpScenario(list, GetRoomHandler.class, 200, () -> httpEvent(GetRoomHandler.class, room, s.adminKey,
                Map.of(), null));
        httpScenario(list, CreateInviteHandler.class, 201, () -> httpEvent(CreateInviteHandler.class, room,
                s.adminKey, Map.of(), json("label", "invite")));
        httpScenario(list, SendMessageHandler.class, 201, () -> httpEvent(SendMessageHandler.class, room,
                s.agentKey, Map.of(), json("content", "a cold hello")));
        httpScenario(list, ReadMessagesHandler.class, 200, () -> httpEvent(ReadMessagesHandler.class, room,
                s.agentKey, Map.of("limit", "20"), null));
        httpScenario(list, HeartbeatHandler.class, 200, () -> httpEvent(HeartbeatHandler.class, room, s.agentKey,
                Map.of(), null));
        httpScenario(list, ListInvitesHandler.class, 200, () -> httpEvent(ListInvitesHandler.class, room,
                s.adminKey, Map.of(), null));
        httpScenario(list, RevokeInviteHandler.class, 200, () -> {
            String keyId = http(CreateInviteHandler.class, room, s.adminKey, Map.of(), json("label", "to revoke"), 201)
                    .get("key_id").asText();
            return httpEvent(RevokeInviteHandler.class, Map.of("room", s.roomId, "key_id", keyId), s.adminKey,
                    Map.of(), null);
        });
        httpScenario(list, KickAgentHandler.class, 200, () -> httpEvent(KickAgentHandler.class,
                Map.of("room", s.roomId, "agent", freshAgent()), s.adminKey, Map.of(), null));
        httpScenario(list, BanAgentHandler.class, 200, () -> httpEvent(BanAgentHandler.class,
                Map.of("room", s.roomId, "agent", freshAgent()), s.adminKey, Map.of(), null));
        httpScenario(list, UpdateRoomHandler.class, 200, () -> httpEvent(UpdateRoomHandler.class, room, s.adminKey,
                Map.of(), json("description", "updated " + Instant.now())));
        httpScenario(list, DeleteRoomHandler.class, 200, () -> {
            JsonNode doomed = http(CreateRoomHandler.class, Map.of(), s.creatorToken, Map.of(), json("name", "doomed"), 201);
            return httpEvent(DeleteRoomHandler.class, Map.of("room", doomed.get("room").get("id").asText()),
                    doomed.get("admin_key").asText(), Map.of(), null);
        });
        // Pause and resume each a room of their own, so no other scenario's send meets a paused room.
        httpScenario(list, PauseRoomHandler.class, 200, () -> httpEvent(PauseRoomHandler.class,
                Map.of("room", freshRoom()), s.creatorToken, Map.of(), null));
        httpScenario(list, ResumeRoomHandler.class, 200, () -> {
            String paused = freshRoom();
            http(PauseRoomHandler.class, Map.of("room", paused), s.creatorToken, Map.of(), null, 200);
            return httpEvent(ResumeRoomHandler.class, Map.of("room", paused), s.creatorToken, Map.of(), null);
        });
        // An MCP client's GET probe, which API Gateway's $default route hands to this handler.
        httpScenario(list, Routes.UNMATCHED_HANDLER, 405, () -> {
            Properties p = new Properties();
            p.setProperty("method", "GET");
            p.setProperty("routeKey", "$default");
            p.setProperty("rawPath", "/api/mcp");
            p.setProperty("header.host", "bench.local");
            return p;
        });
        httpScenario(list, PublicJoinHandler.class, 201, () -> httpEvent(PublicJoinHandler.class,
                Map.of("room", s.publicRoomId), null, Map.of(), json("room_key", s.roomKey)));
        httpScenario(list, PublicRoomsHandler.class, 200, () -> httpEvent(PublicRoomsHandler.class, Map.of(), null,
                Map.of("q", "cold"), null));
        httpScenario(list, OpenApiHandler.class, 200, () -> httpEvent(OpenApiHandler.class, Map.of(), null, Map.of(),
                null));
        // One MCP tool call, the endpoint's everyday request; the Host a local client sends (the
        // bench sets no PUBLIC_API_URL, and MCP refuses other Hosts against DNS rebinding).
        httpScenario(list, McpHandler.class, 200, () -> {
            Properties p = httpEvent(McpHandler.class, Map.of(), s.agentKey, Map.of(),
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"read_messages\","
                            + "\"arguments\":{\"limit\":20}}}");
            p.setProperty("header.host", "127.0.0.1");
            return p;
        });

        // WebSocket routes. Every push goes to the stub; a run succeeds when its connection got no
        // error frame and got the frame the route owes (joined, watching, pong), if any.
        wsScenario(list, ConnectHandler.class, null, () -> {
            // An agent connecting, as most connects are: its key holds no live socket (a fresh key
            // each run; the seed key is bound to the other scenarios' sockets, which would make
            // every run the rarer replacing join, measured on its own below).
            APIGatewayV2WebSocketEvent e = wsEvent(Routes.CONNECT, "CONNECT", newConnectionId(), null);
            e.setQueryStringParameters(Map.of("room", s.roomId, "key", freshAgentKey()));
            return e;
        });
        wsScenario(list, DisconnectHandler.class, null, () ->
                wsEvent(Routes.DISCONNECT, "DISCONNECT", joinedConnection(), null));
        wsScenario(list, DefaultHandler.class, "error", () ->
                wsEvent(Routes.DEFAULT, "MESSAGE", connected(), "{\"type\":\"dance\"}"));
        wsScenario(list, JoinHandler.class, "joined", () -> wsEvent("join", "MESSAGE", connected(),
                json("type", "join", "room", s.roomId, "key", freshAgentKey())));
        // The same frame with a key whose socket is live elsewhere: that socket is told REPLACED,
        // closed and forgotten first (one more push, one more DynamoDB operation type). The live
        // socket is made for each run: earlier scenarios of the round (DisconnectHandler) leave the
        // seed key gone, which would make this the returning join below.
        wsScenario(list, "JoinHandler(replacing)", JoinHandler.class, "joined", () -> {
            joinedConnection();
            return wsEvent("join", "MESSAGE", connected(), json("type", "join", "room", s.roomId, "key", s.agentKey));
        });
        // An agent whose socket went away joining again on a new one: announced with a join event.
        wsScenario(list, "JoinHandler(returning)", JoinHandler.class, "joined", () -> {
            ws(DisconnectHandler.class, wsEvent(Routes.DISCONNECT, "DISCONNECT", joinedConnection(), null));
            return wsEvent("join", "MESSAGE", connected(), json("type", "join", "room", s.roomId, "key", s.agentKey));
        });
        wsScenario(list, SendHandler.class, null, () -> wsEvent("message", "MESSAGE", joinedConnection(),
                json("type", "message", "content", "a cold frame", "client_id", "c-1")));
        wsScenario(list, WatchHandler.class, "watching", () -> wsEvent("watch", "MESSAGE", connected(),
                json("type", "watch", "room", s.roomId, "token", s.token)));
        wsScenario(list, PingHandler.class, "pong", () -> wsEvent("ping", "MESSAGE", joinedConnection(),
                "{\"type\":\"ping\"}"));
        wsScenario(list, PongHandler.class, null, () -> wsEvent("pong", "MESSAGE", joinedConnection(),
                "{\"type\":\"pong\"}"));

        list.add(new Scenario(Routes.STREAM_HANDLER.getSimpleName(), Routes.STREAM_HANDLER.getName(), () -> {
            String listener = joinedConnection();
            JsonNode sent = http(SendMessageHandler.class, room, s.adminKey, Map.of(), json("content", "streamed"), 201);
            DynamodbEvent event = streamEvent(s.roomId, sent.get("seq").asLong());
            stub.clear(listener);
            return new Prepared("ser", event, r -> !r.equals("failures=0") ? "stream records failed: " + r
                    : stub.framesTo(listener).stream().anyMatch(f -> f.contains("\"streamed\"")) ? null
                    : "the room's socket got no message frame: " + stub.framesTo(listener));
        }));
        // The same sweep every run: the sockets other scenarios left behind would otherwise make
        // each round's sweep longer than the last (every one pinged, then timed out a round later).
        list.add(new Scenario(Routes.SWEEPER_HANDLER.getSimpleName(), Routes.SWEEPER_HANDLER.getName(), () -> {
            prepareSweep();
            return new Prepared("ser", new HashMap<String, Object>(), r -> r.equals(EXPECTED_SWEEP) ? null
                    : "expected " + EXPECTED_SWEEP + ", the sweep said " + r);
        }));
        return list;
    }

    private interface EventMaker<T> {
        T make() throws Exception;
    }

    private void httpScenario(List<Scenario> list, Class<? extends HttpHandler> handler, int status,
                              EventMaker<Properties> maker) {
        list.add(new Scenario(handler.getSimpleName(), handler.getName(), () -> new Prepared("http", maker.make(),
                r -> r.startsWith("status=" + status + " ") ? null : "expected " + status + ", got " + r)));
    }

    private void wsScenario(List<Scenario> list, Class<?> handler, String owedFrame,
                            EventMaker<APIGatewayV2WebSocketEvent> maker) {
        wsScenario(list, handler.getSimpleName(), handler, owedFrame, maker);
    }

    private void wsScenario(List<Scenario> list, String name, Class<?> handler, String owedFrame,
                            EventMaker<APIGatewayV2WebSocketEvent> maker) {
        list.add(new Scenario(name, handler.getName(), () -> {
            APIGatewayV2WebSocketEvent event = maker.make();
            String connection = event.getRequestContext().getConnectionId();
            stub.clear(connection);
            return new Prepared("ser", event, r -> {
                if (!r.startsWith("status=200")) {
                    return "expected 200, got " + r;
                }
                List<String> frames = stub.framesTo(connection);
                boolean owedIsError = "error".equals(owedFrame);
                if (!owedIsError && frames.stream().anyMatch(f -> f.contains("\"type\":\"error\""))) {
                    return "error frame pushed: " + frames;
                }
                if (owedFrame != null && frames.stream().noneMatch(f -> f.contains("\"type\":\"" + owedFrame + "\""))) {
                    return "no " + owedFrame + " frame pushed: " + frames;
                }
                return null;
            });
        }));
    }

    // ------------------------------------------------------------------ per-run preparation

    private String freshSession() throws Exception {
        return http(LoginHandler.class, Map.of(), null, Map.of(), json("email", seed.email, "password", PASSWORD), 200)
                .get("token").asText();
    }

    /** A new agent in the seed room (an invite, used once), to be kicked or banned. */
    private String freshAgent() throws Exception {
        Map<String, String> room = Map.of("room", seed.roomId);
        String key = http(CreateInviteHandler.class, room, seed.adminKey, Map.of(), json("label", "doomed agent"), 201)
                .get("key").asText();
        runKeys.add(key);
        return http(HeartbeatHandler.class, room, key, Map.of(), null, 200).get("agent_id").asText();
    }

    /** A new room of the seed user's, its id. */
    private String freshRoom() throws Exception {
        return http(CreateRoomHandler.class, Map.of(), seed.creatorToken, Map.of(), json("name", "cold room"), 201)
                .get("room").get("id").asText();
    }

    /** A new invite key of the seed room, never used: its first join claims it. */
    private String freshAgentKey() throws Exception {
        String key = http(CreateInviteHandler.class, Map.of("room", seed.roomId), seed.adminKey, Map.of(),
                json("label", "cold agent " + UUID.randomUUID().toString().substring(0, 8)), 201).get("key").asText();
        runKeys.add(key);
        return key;
    }

    /**
     * Deletes the key items of this run's fresh agents (and the socket rows they were bound to),
     * straight from the table: left in the seed room, every round would add a few more agents to
     * the room that the joins list, GetRoom shows and the sweeper walks, so later rounds would do
     * more work than earlier ones (as the sweep's and sign-out's scenarios once did).
     */
    private void forgetRunKeys() {
        String keys = TableNames.name(appConfig, Tables.KEYS);
        String sockets = TableNames.name(appConfig, Tables.CONNECTIONS);
        for (String key : runKeys) {
            Map<String, AttributeValue> id = Map.of("key_hash", AttributeValue.fromS(Secrets.sha256Hex(key)));
            Map<String, AttributeValue> item = db.getItem(r -> r.tableName(keys).key(id)).item();
            if (item != null && item.containsKey("conn_id")) {
                db.deleteItem(r -> r.tableName(sockets).key(Map.of("connection_id", item.get("conn_id"))));
            }
            db.deleteItem(r -> r.tableName(keys).key(id));
        }
        runKeys.clear();
    }

    private String connected() throws Exception {
        String id = newConnectionId();
        ws(ConnectHandler.class, wsEvent(Routes.CONNECT, "CONNECT", id, null));
        return id;
    }

    private String joinedConnection() throws Exception {
        String id = connected();
        ws(JoinHandler.class, wsEvent("join", "MESSAGE", id, json("type", "join", "room", seed.roomId, "key", seed.agentKey)));
        if (stub.framesTo(id).stream().noneMatch(f -> f.contains("\"type\":\"joined\""))) {
            throw new IllegalStateException("seed join failed: " + stub.framesTo(id));
        }
        return id;
    }

    /**
     * Leaves the connections table holding what one ordinary sweep meets, and nothing else: a few
     * live sockets to ping, one that never joined within the join timeout (closed) and one
     * joined agent that missed its pongs (timed out: a leave event, then closed), so each of the
     * sweep's kinds of work is done once per run. (It also keeps the stream scenario's fan-out
     * from meeting more left-over sockets every round.)
     */
    private void prepareSweep() throws Exception {
        ConnectionStore connections = new ConnectionStore(db, TableNames.name(appConfig, Tables.CONNECTIONS));
        for (Connection leftOver : connections.listAll()) {
            connections.delete(leftOver.id());
        }
        // Bound, so that a slow start of the child cannot make them older than the join timeout;
        // in the public room, so that the stream scenario's fan-out in the seed room never meets them.
        long now = System.currentTimeMillis();
        for (int i = 0; i < SWEEP_LIVE_SOCKETS; i++) {
            String live = newConnectionId();
            connections.open(live, now);
            connections.bind(live, seed.publicRoomId, Connection.WATCHER, null, null, now);
        }
        connections.open(newConnectionId(), now - (appConfig.limits().joinTimeoutSeconds() + 60) * 1000L);
        String silent = connected();
        ws(JoinHandler.class, wsEvent("join", "MESSAGE", silent, json("type", "join", "room", seed.roomId, "key",
                freshAgentKey())));
        // Unheard for longer than the allowed unanswered pings take.
        int interval = appConfig.limits().sweepIntervalSeconds();
        connections.heard(silent, now - (appConfig.limits().missedPongsAllowed() + 1L) * interval * 1000L);
    }

    /** The stream record DynamoDB would deliver for the event at {@code seq}: its item as NEW_IMAGE. */
    private DynamodbEvent streamEvent(String roomId, long seq) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(TableNames.name(appConfig, Tables.EVENTS))
                .key(Map.of("room_id", AttributeValue.fromS(roomId), "seq", AttributeValue.fromN(Long.toString(seq)))))
                .item();
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image = new HashMap<>();
        item.forEach((name, value) -> image.put(name, toEventValue(value)));
        StreamRecord record = new StreamRecord();
        record.setNewImage(image);
        record.setSequenceNumber(Long.toString(System.nanoTime()));
        record.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_IMAGE);
        DynamodbEvent.DynamodbStreamRecord streamRecord = new DynamodbEvent.DynamodbStreamRecord();
        streamRecord.setEventName("INSERT");
        streamRecord.setEventSource("aws:dynamodb");
        streamRecord.setDynamodb(record);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(streamRecord));
        return event;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toEventValue(
            AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            out.setNULL(true);
        } else {
            throw new IllegalArgumentException("unexpected attribute type in an event item: " + v);
        }
        return out;
    }

    // ------------------------------------------------------------------ calling handlers in this JVM

    private JsonNode http(Class<? extends HttpHandler> handler, Map<String, String> pathParams, String bearer,
                          Map<String, String> query, String body, int expected) throws Exception {
        Properties p = httpEvent(handler, pathParams, bearer, query, body);
        HttpHandler h = Routes.HTTP.stream().filter(r -> r.handler() == handler).findFirst().orElseThrow()
                .factory().apply(wiring);
        APIGatewayV2HTTPResponse response = h.handleRequest(ColdStartHarness.httpEvent(p),
                new ColdStartHarness.BenchContext());
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException(handler.getSimpleName() + " answered " + response.getStatusCode()
                    + " while seeding: " + response.getBody());
        }
        return JSON.readTree(response.getBody());
    }

    private void ws(Class<?> handler, APIGatewayV2WebSocketEvent event) {
        RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> h = Routes.WEBSOCKET.stream()
                .filter(r -> r.handler() == handler).findFirst().orElseThrow().factory().apply(wiring);
        APIGatewayV2WebSocketResponse response = h.handleRequest(event, new ColdStartHarness.BenchContext());
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(handler.getSimpleName() + " answered " + response.getStatusCode());
        }
    }

    private static Properties httpEvent(Class<? extends HttpHandler> handler, Map<String, String> pathParams,
                                        String bearer, Map<String, String> query, String body) {
        Routes.HttpRoute route = Routes.HTTP.stream().filter(r -> r.handler() == handler).findFirst().orElseThrow();
        String rawPath = route.path();
        for (Map.Entry<String, String> param : pathParams.entrySet()) {
            rawPath = rawPath.replace("{" + param.getKey() + "}", param.getValue());
        }
        Properties p = new Properties();
        p.setProperty("method", route.method());
        p.setProperty("routeKey", route.routeKey());
        p.setProperty("rawPath", rawPath);
        pathParams.forEach((k, v) -> p.setProperty("path." + k, v));
        StringBuilder rawQuery = new StringBuilder();
        query.forEach((k, v) -> {
            p.setProperty("query." + k, v);
            rawQuery.append(rawQuery.length() == 0 ? "" : "&").append(k).append('=').append(v);
        });
        p.setProperty("rawQueryString", rawQuery.toString());
        p.setProperty("header.host", "bench.local");
        p.setProperty("header.x-forwarded-proto", "https");
        if (bearer != null) {
            p.setProperty("header.authorization", "Bearer " + bearer);
        }
        if (body != null) {
            p.setProperty("header.content-type", "application/json");
            p.setProperty("body", body);
        }
        return p;
    }

    private static APIGatewayV2WebSocketEvent wsEvent(String routeKey, String eventType, String connectionId,
                                                      String body) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setConnectionId(connectionId);
        context.setRequestId("cold-" + UUID.randomUUID());
        context.setDomainName("bench.local");
        context.setStage("prod");
        context.setApiId("bench");
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setMessageDirection("IN");
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody(body);
        return event;
    }

    private static String newConnectionId() {
        return "cold" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "=";
    }

    private static String json(String... keyValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node.toString();
    }

    // ------------------------------------------------------------------ one child JVM

    private record Sample(double initMs, double invokeMs, double decodeMs, double totalMs, int classes, double cpuMs) {
    }

    private static final class RunFailed extends Exception {
        RunFailed(String message) {
            super(message);
        }
    }

    private Sample runOnce(Scenario scenario, int run) throws Exception {
        Prepared prepared;
        try {
            prepared = scenario.preparer.prepare();
        } catch (Exception e) {
            throw new RunFailed("preparing the event failed: " + e);
        }
        Path eventFile = work.resolve(scenario.name + "-" + run + (prepared.kind.equals("ser") ? ".ser" : ".properties"));
        if (prepared.event instanceof Properties p) {
            try (Writer out = Files.newBufferedWriter(eventFile, StandardCharsets.UTF_8)) {
                p.store(out, null);
            }
        } else {
            try (OutputStream out = Files.newOutputStream(eventFile);
                 ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject((Serializable) prepared.event);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(config.java);
        command.add("-cp");
        command.add(config.jar.toAbsolutePath() + File.pathSeparator + harnessDir.toAbsolutePath());
        command.add(ColdStartHarness.class.getName());
        command.add(scenario.handlerClass);
        command.add(prepared.kind);
        command.add(eventFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        // Where the Lambda java runtimes put their default flags.
        builder.environment().put("JAVA_TOOL_OPTIONS", config.jvmOpts);
        Path stderr = work.resolve(scenario.name + "-" + run + ".err");
        builder.redirectError(stderr.toFile());
        settle();
        long launch = micros();
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new RunFailed("child did not exit");
        }
        String line = out.lines().filter(l -> l.startsWith("COLDSTART ")).findFirst().orElse(null);
        if (line == null) {
            throw new RunFailed("child printed no result (exit " + process.exitValue() + "): "
                    + tail(stderr) + " " + out);
        }
        Map<String, String> fields = parseLine(line);
        String problem = prepared.check.apply(fields.get("result"));
        forgetRunKeys();
        if (problem != null) {
            throw new RunFailed(problem + " | child stderr: " + tail(stderr));
        }
        long init = Long.parseLong(fields.get("init"));
        long decoded = Long.parseLong(fields.get("decoded"));
        long done = Long.parseLong(fields.get("done"));
        return new Sample((init - launch) / 1000.0, (done - decoded) / 1000.0, (decoded - init) / 1000.0,
                (done - launch) / 1000.0, Integer.parseInt(fields.get("classes")),
                Long.parseLong(fields.get("cpu")) / 1000.0);
    }

    /**
     * Waits (at most {@code --settle-ms}) until this JVM is idle: preparing a run calls handlers
     * and DynamoDB Local in this process, whose JIT and GC threads would otherwise go on running
     * beside the child on the same cores (a Lambda sandbox shares its cores with no such work),
     * and the more a run's preparation did, the slower its child would look.
     */
    private void settle() throws InterruptedException {
        if (config.settleMs <= 0) {
            return;
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long deadline = System.nanoTime() + config.settleMs * 1_000_000L;
        long cpu = os.getProcessCpuTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(SETTLE_WINDOW_MS);
            long now = os.getProcessCpuTime();
            if (now - cpu < SETTLE_WINDOW_MS * 1_000_000L * SETTLE_IDLE_PERCENT / 100) {
                return;
            }
            cpu = now;
        }
    }

    private static Map<String, String> parseLine(String line) {
        Map<String, String> fields = new HashMap<>();
        String rest = line.substring("COLDSTART ".length());
        int resultAt = rest.indexOf("result=");
        fields.put("result", rest.substring(resultAt + "result=".length()));
        for (String part : rest.substring(0, resultAt).trim().split(" ")) {
            int eq = part.indexOf('=');
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return fields;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream()
                    .filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).toList();
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    // ------------------------------------------------------------------ report

    private void report(Map<String, List<Sample>> samples, long jarBytes) {
        List<Sample> floor = samples.get("floor");
        if (floor.isEmpty()) {
            System.out.println("the floor never ran: no ratios");
            return;
        }
        double floorTotal = median(floor, Sample::totalMs);
        double floorCpu = median(floor, Sample::cpuMs);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %5s %9s %9s %9s %9s %8s %7s %8s %6s%n", "handler", "runs", "init ms",
                "invoke ms", "decode ms", "total ms", "classes", "×floor", "cpu ms", "×floor");
        int over = 0;
        for (Map.Entry<String, List<Sample>> entry : samples.entrySet()) {
            List<Sample> list = entry.getValue();
            if (list.isEmpty()) {
                System.out.printf(Locale.ROOT, "%-22s %5d (every run failed)%n", entry.getKey(), 0);
                continue;
            }
            double total = median(list, Sample::totalMs);
            double ratio = total / floorTotal;
            double cpu = median(list, Sample::cpuMs);
            boolean isOver = !entry.getKey().equals("floor") && ratio > config.targetRatio;
            over += isOver ? 1 : 0;
            System.out.printf(Locale.ROOT, "%-22s %5d %9.0f %9.0f %9.0f %9.0f %8.0f %7.2f %8.0f %6.2f%s%n",
                    entry.getKey(), list.size(), median(list, Sample::initMs), median(list, Sample::invokeMs),
                    median(list, Sample::decodeMs), total, median(list, s -> (double) s.classes()), ratio, cpu,
                    cpu / floorCpu, isOver ? " >" + config.targetRatio : "");
        }
        System.out.printf(Locale.ROOT, "%nmedians over %d runs; total = JVM launch → first response returned;"
                        + " cpu = the child's CPU time, all threads (the steadier figure on a busy machine)."
                        + " %d handler(s) above %.2f× the floor. Shaded jar %.2f MB (goal ≤ 20 MB).%n",
                config.runs, over, config.targetRatio, jarBytes / 1e6);
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> field) {
        double[] values = samples.stream().mapToDouble(field).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    // ------------------------------------------------------------------ Management API stub

    /**
     * Accepts every {@code PostToConnection} / {@code DeleteConnection} and keeps the pushed
     * frames per connection, so WebSocket runs can be checked by what they pushed.
     */
    private static final class ManagementStub implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, List<String>> frames = new ConcurrentHashMap<>();

        private ManagementStub(HttpServer server) {
            this.server = server;
        }

        static ManagementStub start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ManagementStub stub = new ManagementStub(server);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String id = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestMethod().equals("POST")) {
                    stub.frames.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                            .add(new String(body, StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 204 : 200, -1);
                exchange.close();
            });
            server.start();
            return stub;
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void clear(String connectionId) {
            frames.remove(connectionId);
        }

        List<String> framesTo(String connectionId) {
            return frames.getOrDefault(connectionId, List.of());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
