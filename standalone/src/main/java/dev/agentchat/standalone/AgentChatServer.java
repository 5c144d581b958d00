package dev.agentchat.standalone;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.agentchat.Routes;
import dev.agentchat.config.AppConfig;
import dev.agentchat.handler.schedule.SweeperHandler;
import dev.agentchat.handler.queue.WebhookDeliveryHandler;
import dev.agentchat.handler.stream.FanOutHandler;
import dev.agentchat.handler.stream.WakeHandler;
import dev.agentchat.realtime.ConnectionGateway;
import dev.agentchat.store.AppendGate;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.TableNames;
import dev.agentchat.store.TableSetup;
import dev.agentchat.store.Tables;
import dev.agentchat.support.RequestLog;
import dev.agentchat.support.Secrets;
import dev.agentchat.wiring.DynamoDbClients;
import dev.agentchat.wiring.Wiring;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * AgentChat on one machine: DynamoDB Local in-process (or the DynamoDB at
 * {@code DYNAMODB_ENDPOINT}, when set), and one port that plays API Gateway for
 * the same Lambda handler classes AWS runs: REST at {@code /api/*}, WebSocket at {@code /ws},
 * the Management API at {@code /@connections/{id}}, plus the events stream poller feeding the
 * fan-out handler and the sweeper on a timer.
 */
public final class AgentChatServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentChatServer.class);
    private static final String DB_FILE = "agentchat.db";
    private static final long SHUTDOWN_WAIT_MILLIS = 10_000;
    private static final int APPEND_STRIPES = 64;
    /** Worker threads for handlers (long-polls may take at most half, see {@link LongPolls}). */
    static final int WORKER_THREADS = 256;
    private static final int REQUEST_PARSE_TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int requestedPort;
    private final Path dataDir;
    private final Map<String, String> env;
    private final Consumer<String> logLines;
    private final ManagementFaults managementFaults = new ManagementFaults();

    private AmazonDynamoDBLocal dynamo;
    /** The embedded DynamoDB Local's SQLite log when on a file; null in memory or with an external DynamoDB. */
    private WriteAheadLog writeAheadLog;
    private DynamoDbClient db;
    /** The clients of an external DynamoDB ({@code DYNAMODB_ENDPOINT}), closed with the server; null when embedded. */
    private DynamoDbClient externalDb;
    private DynamoDbStreamsClient externalStreams;
    private Undertow undertow;
    private StreamPoller poller;
    private Thread pollerThread;
    private StreamPoller wakePoller;
    private Thread wakePollerThread;
    private LocalWakeQueue wakeQueue;
    private Thread wakeThread;
    private ScheduledExecutorService timer;
    private ExecutorService lanes;
    private ExecutorService management;
    private int port;
    private ConnectionStore connections;
    private ServerLog log;

    /**
     * @param host    interface to listen on (loopback by default)
     * @param port    port, 0 for any free one
     * @param dataDir where DynamoDB Local keeps its file; null = in memory (unused with an external DynamoDB)
     * @param env     the environment the handlers are configured from (limits, public URLs, and
     *                {@code DYNAMODB_ENDPOINT}: a DynamoDB to use instead of the embedded one)
     */
    public AgentChatServer(String host, int port, Path dataDir, Map<String, String> env) {
        // System.out as it is when a line is written (a bench may point it elsewhere after this).
        this(host, port, dataDir, env, line -> System.out.println(line));
    }

    /**
     * As {@link #AgentChatServer(String, int, Path, Map)}, writing its log (a line per request,
     * in {@code LOG_FORMAT}) to {@code logLines} instead of stdout.
     */
    public AgentChatServer(String host, int port, Path dataDir, Map<String, String> env, Consumer<String> logLines) {
        this.logLines = logLines;
        this.host = host;
        this.requestedPort = port;
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
    }

    public AgentChatServer start() throws Exception {
        // An external DynamoDB is reached over the URL-connection transport; the JDK keeps only 5
        // idle connections per host by default, so under load most calls would open a new one.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
        DynamoDbStreamsClient streams;
        AppConfig databaseConfig = AppConfig.fromEnv(env);
        if (databaseConfig.dynamoDbEndpoint().isPresent()) {
            // A DynamoDB run apart (DynamoDB Local, LocalStack) whose data outlives this server,
            // reached over HTTP by the very client the Lambdas build: the SDK's whole pipeline runs,
            // so interceptors listed on the class path (execution.interceptors) see every call.
            externalDb = DynamoDbClients.create(databaseConfig);
            externalStreams = streamsClient(databaseConfig);
            db = externalDb;
            streams = externalStreams;
        } else {
            File dbFile = null;
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                dbFile = dataDir.resolve(DB_FILE).toFile();
            }
            dynamo = DynamoDBEmbedded.create(dbFile, true);
            if (dbFile != null) {
                // Commits append to a log instead of waiting for fsyncs on DynamoDB Local's one SQLite thread.
                writeAheadLog = WriteAheadLog.of(dynamo);
                writeAheadLog.enable();
            }
            db = dynamo.dynamoDbClient();
            streams = dynamo.dynamoDbStreamsClient();
        }

        FrontDoor frontDoor = new FrontDoor();
        undertow = Undertow.builder()
                .addHttpListener(requestedPort, host)
                // Long-polls hold a worker for up to 25 s each: size the pool for many waiting agents.
                .setWorkerThreads(WORKER_THREADS)
                // Bodies are size-checked by the adapter, which answers with the JSON 413.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024 * 1024)
                // Request lines and headers are parsed without a thread, but not forever.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, REQUEST_PARSE_TIMEOUT_MILLIS)
                .setHandler(frontDoor)
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();

        // The handlers reach sockets through the real Management API client, pointed at this
        // server's emulator (in-process: see InProcessHttpClient; the endpoint stays for the SDK's URLs).
        Map<String, String> handlerEnv = new HashMap<>(env);
        handlerEnv.put("WS_MANAGEMENT_ENDPOINT", "http://" + loopbackHost() + ":" + port);
        // The UI's origins follow from the configuration and the bound port, never from a request.
        SiteOrigins site = SiteOrigins.of(AppConfig.fromEnv(handlerEnv), host, port);
        handlerEnv.put(AppConfig.WEB_ORIGINS, String.join(",", site.webOrigins()));
        AppConfig config = AppConfig.fromEnv(handlerEnv);
        log = new ServerLog(config.logFormat(), logLines);
        // What the poller, timers and queue log outside a request goes to this log too (the last
        // server started in a JVM, for tests that start several).
        RequestLog.background(log);
        TableSetup.createMissing(db, config);
        if (dynamo != null && dataDir != null) {
            // On disk, a transaction must be committed before anyone is told it happened (see CommitBarrier).
            db = CommitBarrier.wrap(db, TableNames.name(config, Tables.ROOMS), Tables.ROOMS.partitionKey().name());
        }
        // The stream pollers read as soon as a write returns rather than at their next tick (see StreamSignal).
        StreamSignal signal = new StreamSignal();
        db = signal.nudgingAfterWrites(db);
        // None in the product; the tests list one that checks every call against the route's declared Access.
        for (DynamoDbDecorator decorator : ServiceLoader.load(DynamoDbDecorator.class)) {
            db = decorator.decorate(db);
        }
        Secrets secrets = Secrets.create();
        String managementKey = secrets.newId("mgmt");
        // The handlers' pushes run on the caller's thread (fan-out pool, WebSocket lanes); requests
        // to the emulator's HTTP endpoint get threads of their own, off the REST workers.
        management = Executors.newCachedThreadPool(daemon("management-api"));
        Sockets sockets = new Sockets();
        ManagementApiEmulator emulator = new ManagementApiEmulator(sockets, managementKey, management, managementFaults);
        ConnectionGateway gateway = LocalManagementApi.create(config, managementKey, new InProcessHttpClient(emulator));
        // Many requests share this JVM: let one append per room run at a time instead of racing.
        // Webhook wake-ups go through an in-process queue with SQS's semantics (see LocalWakeQueue).
        wakeQueue = new LocalWakeQueue(config.webhooks().batchWindowMillis(), config.webhooks().attempts());
        Wiring wiring = new Wiring(config, db, Clock.systemUTC(), secrets, gateway,
                AppendGate.striped(APPEND_STRIPES), wakeQueue);
        wakeQueue.consumeWith(new WebhookDeliveryHandler(wiring.webhookDeliveries(), wakeQueue, config.webhooks()), log);
        wakeThread = new Thread(wakeQueue, "wake-queue");
        wakeThread.setDaemon(true);
        wakeThread.start();

        connections = new ConnectionStore(db, TableNames.name(config, Tables.CONNECTIONS));

        String streamArn = db.describeTable(r -> r.tableName(TableNames.name(config, Tables.EVENTS)))
                .table().latestStreamArn();
        poller = new StreamPoller(streams, streamArn, new FanOutHandler(wiring.fanOut()), signal.waiter(), log);
        pollerThread = new Thread(poller, "stream-poller");
        pollerThread.setDaemon(true);
        pollerThread.start();
        // The stream's second consumer, as on AWS: its own position and retries, so sockets never wait for it.
        wakePoller = new StreamPoller(streams, streamArn, new WakeHandler(wiring.wakes()),
                // Webhook wakes wait out a batching window anyway: a nudge would buy them nothing.
                config.webhooks().batchWindowMillis() > 0 ? StreamSignal.ticking() : signal.waiter(), log);
        wakePollerThread = new Thread(wakePoller, "wake-stream-poller");
        wakePollerThread.setDaemon(true);
        wakePollerThread.start();

        lanes = Executors.newCachedThreadPool(daemon("ws-lane"));
        frontDoor.open(
                new HttpApiAdapter(new HttpRouter(Routes.HTTP, wiring), log),
                new WebSocketBridge(wiring, sockets, lanes, loopbackHost() + ":" + port, log),
                emulator,
                new StaticSite("web", site), site,
                new MetricsEndpoint(),
                new ReadinessEndpoint(db, TableNames.name(config, Tables.ROOMS), Tables.ROOMS.partitionKey().name()));


        int sweepSeconds = config.limits().sweepIntervalSeconds();
        SweeperHandler sweeper = new SweeperHandler(wiring.sweeper());
        timer = Executors.newSingleThreadScheduledExecutor(daemon("sweeper"));
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweeper.handleRequest(Map.of(), new LocalContext("sweep", log));
            } catch (RuntimeException e) {
                LOG.error("sweep failed", e);
            }
        }, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
        return this;
    }

    /** The events stream of the external DynamoDB, reached the way {@link DynamoDbClients} reaches its tables. */
    private static DynamoDbStreamsClient streamsClient(AppConfig config) {
        return DynamoDbStreamsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .endpointOverride(URI.create(config.dynamoDbEndpoint().orElseThrow()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private String loopbackHost() {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The DynamoDB client the handlers use (once started): tests and benches read and arrange stored state through it. */
    public DynamoDbClient dynamoDb() {
        return db;
    }

    /** Failures the emulated Management API answers for chosen connections (fault tests); none by default. */
    public ManagementFaults managementFaults() {
        return managementFaults;
    }

    /** The connections table as the handlers see it (tests look up connection ids and deletions). */
    public ConnectionStore connections() {
        return connections;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shownHost + ":" + port;
    }

    /**
     * Stops in dependency order and without interrupting anyone: a thread interrupted inside a
     * DynamoDB Local call can leave its locks held, and DynamoDB Local's own shutdown then waits
     * forever. So: no new requests, let in-flight socket work and sweeps finish, stop the poller,
     * and only then stop the database.
     */
    @Override
    public void close() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
        if (timer != null) {
            timer.shutdown();
            awaitQuietly(timer);
            timer = null;
        }
        if (lanes != null) {
            lanes.shutdown();
            awaitQuietly(lanes);
            lanes = null;
        }
        if (management != null) {
            management.shutdown();
            awaitQuietly(management);
            management = null;
        }
        if (poller != null) {
            poller.stop();
            try {
                pollerThread.join(SHUTDOWN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller = null;
        }
        if (wakePoller != null) {
            wakePoller.stop();
            try {
                wakePollerThread.join(SHUTDOWN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wakePoller = null;
        }
        if (wakeQueue != null) {
            wakeQueue.stop();
            wakeQueue = null;
        }
        if (dynamo != null) {
            dynamo.shutdown();
            dynamo = null;
        }
        if (writeAheadLog != null) {
            writeAheadLog.awaitClosed(SHUTDOWN_WAIT_MILLIS);
            writeAheadLog = null;
        }
        if (externalDb != null) {
            externalDb.close();
            externalStreams.close();
            externalDb = null;
            externalStreams = null;
        }
        if (log != null) {
            log.info("AgentChat stopped");
            RequestLog.background(null);
            log = null;
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("background work still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
