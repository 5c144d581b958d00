package dev.agentchat.wiring;

import dev.agentchat.config.AppConfig;
import dev.agentchat.config.Limits;
import dev.agentchat.config.WebhookSettings;
import dev.agentchat.realtime.ConnectionGateway;
import dev.agentchat.realtime.FanOut;
import dev.agentchat.realtime.ManagementApiGateway;
import dev.agentchat.realtime.PushFrames;
import dev.agentchat.realtime.RealtimeService;
import dev.agentchat.realtime.SqsWakeQueue;
import dev.agentchat.realtime.Sweeper;
import dev.agentchat.realtime.WakeQueue;
import dev.agentchat.realtime.Wakes;
import dev.agentchat.realtime.WebhookDeliveries;
import dev.agentchat.service.AuthService;
import dev.agentchat.service.Authenticator;
import dev.agentchat.service.HeartbeatService;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.Instructions;
import dev.agentchat.service.InviteService;
import dev.agentchat.service.Membership;
import dev.agentchat.service.LoopGuard;
import dev.agentchat.service.MessageService;
import dev.agentchat.service.Archiver;
import dev.agentchat.service.Exporter;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.Redactor;
import dev.agentchat.service.Search;
import dev.agentchat.service.Presence;
import dev.agentchat.service.PublicRooms;
import dev.agentchat.service.RateLimiter;
import dev.agentchat.service.Reach;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.RoomAdmin;
import dev.agentchat.service.RoomService;
import dev.agentchat.service.WebhookService;
import dev.agentchat.store.AppendGate;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.EventStore;
import dev.agentchat.store.HumanInviteStore;
import dev.agentchat.store.HumanStore;
import dev.agentchat.store.IdempotencyStore;
import dev.agentchat.store.KeyInRoom;
import dev.agentchat.store.MemberStore;
import dev.agentchat.store.RateLimitStore;
import dev.agentchat.store.RoomStore;
import dev.agentchat.store.SessionStore;
import dev.agentchat.store.TableNames;
import dev.agentchat.store.Transactions;
import dev.agentchat.store.UserStore;
import dev.agentchat.support.Secrets;
import dev.agentchat.webhook.WebhookClient;
import dev.agentchat.webhook.WebhookSender;
import dev.agentchat.webhook.WebhookTargets;
import dev.agentchat.ws.WsPushFrames;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The composition root: every store and service, wired by plain constructors. Lambda handlers'
 * no-arg constructors take their collaborators from {@link #shared()} (built once per container
 * from the environment); the standalone server and tests build their own around DynamoDB Local.
 */
public final class Wiring {
    /**
     * Connections pushed to at once: by the stream fan-out (each connection's frames stay in
     * order) and by the sweeper (one socket, then one silent agent, per task).
     */
    private static final int PUSH_THREADS = 16;

    private final AppConfig config;
    private final Authenticator authenticator;
    private final RoomAccess roomAccess;
    private final AuthService auth;
    private final RoomService rooms;
    private final InviteService invites;
    private final MessageService messages;
    private final LoopGuard loopGuard;
    private final HeartbeatService heartbeats;
    private final RateLimiter rateLimiter;
    private final RealtimeService realtime;
    private final FanOut fanOut;
    private final Sweeper sweeper;
    private final Moderation moderation;
    private final Redactor redactor;
    private final Archiver archiver;
    private final Exporter exporter;
    private final Search search;
    private final RoomAdmin roomAdmin;
    private final PublicRooms publicRooms;
    private final HumanService humans;
    private final ConnectionGateway gateway;
    private final WebhookSender webhookSender;
    private final WebhookService webhooks;
    private final WakeQueue wakeQueue;
    private final Wakes wakes;
    private final WebhookDeliveries webhookDeliveries;

    /**
     * @param gateway how to reach WebSocket connections (the Management API client, built once)
     */
    public Wiring(AppConfig config, DynamoDbClient db, Clock clock, Secrets secrets, ConnectionGateway gateway) {
        this(config, db, clock, secrets, gateway, AppendGate.NONE);
    }

    /**
     * @param appendGate serialises appends per room within this process (the standalone server;
     *                   Lambda passes {@link AppendGate#NONE})
     */
    public Wiring(AppConfig config, DynamoDbClient db, Clock clock, Secrets secrets, ConnectionGateway gateway,
                    AppendGate appendGate) {
        this(config, db, clock, secrets, gateway, appendGate, WakeQueue.none());
    }

    /**
     * @param wakeQueue where wake jobs for webhooks go (SQS on AWS, the standalone server's own
     *                  queue; {@link WakeQueue#none()} delivers no webhooks)
     */
    public Wiring(AppConfig config, DynamoDbClient db, Clock clock, Secrets secrets, ConnectionGateway gateway,
                    AppendGate appendGate, WakeQueue wakeQueue) {
        this.config = config;
        this.wakeQueue = wakeQueue;
        this.gateway = gateway;
        Limits limits = config.limits();
        TableNames tables = TableNames.from(config);
        UserStore users = new UserStore(db, tables.users());
        SessionStore sessions = new SessionStore(db, tables.sessions());
        RoomStore roomStore = new RoomStore(db, tables.rooms());
        MemberStore members = new MemberStore(db, tables.keys());
        EventStore events = new EventStore(db, tables.events());
        IdempotencyStore idempotency = new IdempotencyStore(db, tables.idempotency());
        RateLimitStore rateLimits = new RateLimitStore(db, tables.limits());
        HumanStore humanStore = new HumanStore(db, tables.humans());
        Transactions transactions = new Transactions(db, tables, secrets, clock, appendGate);
        RateLimiter rateLimiter = new RateLimiter(rateLimits, limits, clock);
        Instructions instructions = new Instructions(limits);
        Presence presence = new Presence(limits, clock);
        Membership membership = new Membership(members, transactions, rateLimiter, secrets, clock);

        this.authenticator = new Authenticator(members, roomStore, new KeyInRoom(db, tables), sessions, users, clock);
        this.roomAccess = new RoomAccess(authenticator, membership, members, roomStore, humanStore, clock,
                limits.agentTimeoutSeconds());
        this.rooms = new RoomService(roomStore, members, humanStore, transactions, instructions, presence, secrets,
                limits, clock);
        this.invites = new InviteService(roomStore, transactions, instructions, secrets, limits, clock);
        this.loopGuard = new LoopGuard(roomStore, transactions, clock);
        this.messages = new MessageService(events, roomStore, members, humanStore, transactions, idempotency, rateLimiter,
                loopGuard, membership, limits, clock, new Reach(members, presence));
        this.heartbeats = new HeartbeatService(members, membership, clock);
        this.rateLimiter = rateLimiter;
        WebhookSettings webhookSettings = config.webhooks();
        this.webhookSender = new WebhookSender(new WebhookTargets(webhookSettings.allowPrivate()),
                new WebhookClient(webhookSettings.timeoutMillis()), clock);
        this.webhooks = new WebhookService(members, webhookSender, webhookSettings, secrets, clock);
        this.wakes = new Wakes(members, wakeQueue);
        this.webhookDeliveries = new WebhookDeliveries(members, transactions, webhookSender, webhookSettings, clock);

        ConnectionStore connections = new ConnectionStore(db, tables.connections());
        PushFrames frames = new WsPushFrames();
        this.realtime = new RealtimeService(connections, members, events, authenticator, roomAccess, membership,
                messages, rooms, gateway, frames, limits, clock);
        this.auth = new AuthService(users, sessions, secrets, clock, limits.bcryptCost(), limits.sessionTtlHours(),
                rateLimiter, connections, realtime);
        // Threads start on the first push, so handlers that never fan out or sweep pay nothing.
        ExecutorService pushes = Executors.newFixedThreadPool(PUSH_THREADS, r -> {
            Thread thread = new Thread(r, "push");
            thread.setDaemon(true);
            return thread;
        });
        this.fanOut = new FanOut(connections, realtime, gateway, pushes, frames);
        this.roomAdmin = new RoomAdmin(roomStore, members, events, idempotency, rateLimits, humanStore, connections,
                transactions, realtime, secrets, limits, clock);
        this.humans = new HumanService(humanStore, new HumanInviteStore(db, tables.humanInvites()), roomStore, users,
                connections, transactions, realtime, secrets, clock, limits.humanInviteTtlHours(),
                limits.maxHumanLinksPerRoom());
        this.sweeper = new Sweeper(connections, members, membership, roomAdmin, realtime, gateway, frames, limits,
                clock, pushes);
        this.moderation = new Moderation(members, roomStore, transactions, connections, realtime, clock);
        this.publicRooms = new PublicRooms(roomStore, invites, events, membership);
        this.redactor = new Redactor(events, transactions, idempotency);
        this.archiver = new Archiver(roomStore, transactions, clock);
        this.exporter = new Exporter(roomStore, events, clock, limits.exportMaxBytes());
        this.search = new Search(events, limits.searchScanEvents());
    }

    public RealtimeService realtime() {
        return realtime;
    }

    public FanOut fanOut() {
        return fanOut;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    public Exporter exporter() {
        return exporter;
    }

    public Search search() {
        return search;
    }

    public Archiver archiver() {
        return archiver;
    }

    public Redactor redactor() {
        return redactor;
    }

    public Moderation moderation() {
        return moderation;
    }

    public RoomAdmin roomAdmin() {
        return roomAdmin;
    }

    public PublicRooms publicRooms() {
        return publicRooms;
    }

    public HumanService humans() {
        return humans;
    }

    /** The container's graph, built on first use from the environment and then reused. */
    public static Wiring shared() {
        return Holder.INSTANCE;
    }

    /**
     * Builds the Management API client now and returns this graph. The WebSocket, stream and
     * sweeper handlers push on (nearly) every invocation and call this from their no-arg
     * constructors, so the client is built during init, which SnapStart snapshots. HTTP routes
     * and {@code $connect} (which cannot push before its handshake ends) do not: they build it
     * on their first push, if ever.
     */
    public Wiring prepareForPushing() {
        gateway.prepare();
        return this;
    }

    /**
     * Returns this graph if it has a wake queue, else fails: the wake functions call this from
     * their no-arg constructors, so a deployment that forgot {@code WEBHOOK_QUEUE_URL} fails at
     * init instead of silently waking nobody.
     */
    public Wiring requireWakeQueue() {
        if (wakeQueue == WakeQueue.NONE) {
            throw new IllegalStateException(WebhookSettings.QUEUE_URL
                    + " is not set: the wake functions need the wake queue's URL (the stack sets it)");
        }
        return this;
    }

    public AppConfig config() {
        return config;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public RoomAccess roomAccess() {
        return roomAccess;
    }

    public AuthService auth() {
        return auth;
    }

    public RoomService rooms() {
        return rooms;
    }

    public InviteService invites() {
        return invites;
    }

    public MessageService messages() {
        return messages;
    }

    public WakeQueue wakeQueue() {
        return wakeQueue;
    }

    public Wakes wakes() {
        return wakes;
    }

    public WebhookDeliveries webhookDeliveries() {
        return webhookDeliveries;
    }

    public WebhookService webhooks() {
        return webhooks;
    }

    public HeartbeatService heartbeats() {
        return heartbeats;
    }

    public LoopGuard loopGuard() {
        return loopGuard;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    private static final class Holder {
        static final Wiring INSTANCE = fromEnvironment();

        private static Wiring fromEnvironment() {
            AppConfig config = AppConfig.fromEnv(System.getenv());
            AwsCredentialsProvider credentials = AwsCredentials.forConfig(config);
            ConnectionGateway gateway = config.managementEndpoint().isPresent()
                    ? ConnectionGateway.lazy(() -> ManagementApiGateway.create(config, credentials))
                    : ConnectionGateway.unconfigured();
            // Only the wake functions get WEBHOOK_QUEUE_URL: every other function wakes nobody.
            WakeQueue wakeQueue = config.webhooks().queueUrl()
                    .<WakeQueue>map(url -> SqsWakeQueue.create(config, credentials, url))
                    .orElse(WakeQueue.none());
            return new Wiring(config, DynamoDbClients.create(config, credentials), Clock.systemUTC(), Secrets.create(),
                    gateway, AppendGate.NONE, wakeQueue);
        }
    }
}
