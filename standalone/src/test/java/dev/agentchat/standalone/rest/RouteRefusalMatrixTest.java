package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.agentchat.Callers;
import dev.agentchat.Routes;
import dev.agentchat.Routes.HttpRoute;
import dev.agentchat.Routes.WsRoute;
import dev.agentchat.error.Refusal;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.standalone.support.WsClient;
import dev.agentchat.store.Tables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Every route of {@link Routes#HTTP} × every kind of caller it must refuse, generated from the
 * route table at run time: a new route is covered by declaring its {@link Callers} (and a sample
 * body here), not by editing the cases. Each refusal must carry the exact status and code of the
 * error model, and leave every table exactly as it was. The WebSocket routes that take a
 * credential ({@code $connect} with a key, {@code join}, {@code watch}) get the same treatment.
 *
 * <p>Why the expired session is made by rewriting its {@code expires_at} through the server's
 * DynamoDB client: {@code SESSION_TTL_HOURS} cannot go below an hour, and the server's clock is
 * the system clock. The authenticator compares that stored expiry with its clock (DynamoDB TTL
 * deletes lazily, so an expired item may still be there), which is exactly the state an expired
 * session is in on AWS.
 *
 * <p>The sweeper is held off ({@code SWEEP_INTERVAL_SECONDS}) so that nothing but the refused
 * request can write between two snapshots; no stored field is ignored in the comparison.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RunningServer(env = {
        // Each route's allowed control gets a room of its own.
        "LIMIT_ROOMS_PER_USER=100",
        // No sweep during the run: it would rewrite presence and pings between two snapshots.
        "SWEEP_INTERVAL_SECONDS=3600",
        // The webhook samples point at loopback.
        "WEBHOOK_ALLOW_PRIVATE=true"})
class RouteRefusalMatrixTest {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z_]+)}");

    /**
     * A body each route accepts (made from the room it is sent to), so that a refusal can only come
     * from the credential, and what the allowed caller's control call needs arranged first.
     */
    record Sample(Function<Fixture, Object> body, Consumer<Fixture> arrange) {
        static final Sample NO_BODY = new Sample(null);

        Sample(Object body) {
            this(fixture -> body, fixture -> { });
        }

        /** A body that names something of the room's own (e.g. an invite link of it). */
        static Sample madeFrom(Function<Fixture, Object> body) {
            return new Sample(body, fixture -> { });
        }

        /** Routes about the member's webhook need one for the allowed caller's control call. */
        static Sample withWebhook(Object body) {
            return new Sample(fixture -> body, fixture -> assertEquals(200, api.request("PUT",
                    "/rooms/" + fixture.roomId() + "/webhook", fixture.memberKey(),
                    obj("url", MATRIX_WEBHOOK), Map.of()).status()));
        }
    }

    /** Nothing listens on the discard port: setting it contacts nobody (the server allows loopback targets). */
    static final String MATRIX_WEBHOOK = "http://127.0.0.1:9/matrix";

    /** The one place that maps a route to a sample request; a route missing here fails the matrix. */
    static final Map<String, Sample> SAMPLES = Map.ofEntries(
            entry("POST /api/auth/logout", Sample.NO_BODY),
            entry("GET /api/me", Sample.NO_BODY),
            entry("GET /api/rooms", Sample.NO_BODY),
            entry("POST /api/rooms", new Sample(obj("name", "Made by a refused caller"))),
            entry("GET /api/rooms/{room}", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/invites", new Sample(obj("label", "Refused invite", "role", "admin"))),
            entry("POST /api/rooms/{room}/messages", new Sample(obj("content", "Sent by a refused caller"))),
            entry("GET /api/rooms/{room}/messages", Sample.NO_BODY),
            entry("DELETE /api/rooms/{room}/messages/{seq}", Sample.NO_BODY),
            entry("GET /api/rooms/{room}/export", Sample.NO_BODY),
            entry("GET /api/public-rooms/{room}/messages", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/heartbeat", new Sample(obj("name", "Refused heartbeat"))),
            entry("PUT /api/rooms/{room}/webhook", new Sample(obj("url", MATRIX_WEBHOOK, "events", "all"))),
            entry("GET /api/rooms/{room}/webhook", Sample.withWebhook(null)),
            entry("DELETE /api/rooms/{room}/webhook", Sample.withWebhook(null)),
            entry("POST /api/rooms/{room}/webhook/test", Sample.withWebhook(null)),
            entry("POST /api/rooms/{room}/leave", Sample.NO_BODY),
            entry("GET /api/rooms/{room}/invites", Sample.NO_BODY),
            entry("DELETE /api/rooms/{room}/invites/{key_id}", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/agents/{agent}/kick", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/agents/{agent}/ban", Sample.NO_BODY),
            entry("GET /api/rooms/{room}/bans", Sample.NO_BODY),
            entry("DELETE /api/rooms/{room}/bans/{banned}", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/pause", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/resume", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/archive", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/unarchive", Sample.NO_BODY),
            entry("PATCH /api/rooms/{room}", new Sample(obj("name", "Renamed by a refused caller", "max_members", 7))),
            entry("DELETE /api/rooms/{room}", Sample.NO_BODY),
            entry("POST /api/rooms/{room}/humans", new Sample(obj("role", "moderator"))),
            entry("GET /api/rooms/{room}/humans", Sample.NO_BODY),
            entry("DELETE /api/rooms/{room}/humans/me", Sample.NO_BODY),
            entry("DELETE /api/rooms/{room}/humans/{user}", Sample.NO_BODY),
            entry("GET /api/rooms/{room}/human-links", Sample.NO_BODY),
            entry("DELETE /api/rooms/{room}/human-links/{invite}", Sample.NO_BODY),
            // The owner accepting a link of their own room is served (and leaves it unspent).
            entry("POST /api/humans/accept", Sample.madeFrom(f -> obj("token", f.humanLink()))),
            entry("POST /api/mcp", new Sample(obj("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params",
                    obj("name", "send_message", "arguments", obj("content", "Sent by a refused caller"))))));

    /** How a WebSocket route takes a credential; every route in {@link Routes#WEBSOCKET} must say. */
    enum WsCredential {
        /** {@code /ws?room=&key=}: the handshake joins at once. */
        AGENT_KEY_AT_CONNECT,
        /** A {@code key} field in the frame. */
        AGENT_KEY_IN_FRAME,
        /** A {@code token} field in the frame. */
        SESSION_IN_FRAME,
        /** None: the route acts for whoever the socket was bound to by a join or watch. */
        NONE
    }

    static final Map<String, WsCredential> WS_CREDENTIALS = Map.of(
            Routes.CONNECT, WsCredential.AGENT_KEY_AT_CONNECT,
            Routes.DISCONNECT, WsCredential.NONE,
            Routes.DEFAULT, WsCredential.NONE,
            "join", WsCredential.AGENT_KEY_IN_FRAME,
            "watch", WsCredential.SESSION_IN_FRAME,
            "message", WsCredential.NONE,
            "leave", WsCredential.NONE,
            "ping", WsCredential.NONE,
            "pong", WsCredential.NONE);

    record Refusal(int status, String code) {
        static final Refusal UNAUTHORIZED = new Refusal(401, "UNAUTHORIZED");
        static final Refusal FORBIDDEN = new Refusal(403, "FORBIDDEN");
        static final Refusal NOT_FOUND = new Refusal(404, "NOT_FOUND");

        @Override
        public String toString() {
            return status + " " + code;
        }
    }

    /**
     * One kind of caller: the raw Authorization header it sends (null = none) and, for each kind
     * of route, the refusal it must get (null = it may call such routes, nothing to refuse).
     */
    record CallerKind(String name, Function<Fixture, String> authorization, Function<Callers, Refusal> refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A credential placed in a WebSocket frame or handshake, and the error it must earn. */
    record WsCaller(String name, Function<Fixture, String> credential, Refusal refusal) {
    }

    /**
     * A room of the shared owner with a claimed admin key, a claimed member key, a never-used
     * member key, a target agent (for kick/ban/revoke paths) and its message (for the redaction
     * path), two former admins: one whose key was revoked, one who was kicked, a banned agent
     * (for the unban path); its humans: the shared moderator and member, a target member (for the
     * removal path) and an unused human invite link.
     */
    record Fixture(String roomId, String adminKey, String memberKey, String unusedMemberKey, String targetKeyId,
                   String targetAgentId, String revokedKey, String kickedKey, long targetMessageSeq,
                   String bannedAgentId, String targetUserId, String humanLink, String humanLinkId) {
    }

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    @Inject
    private static StoredState state;
    private static Api.Human owner;
    private static Api.Human moderator;
    private static Api.Human memberHuman;
    private static Api.Human targetHuman;
    private static Fixture shared;
    private static String otherRoomAdminKey;
    private static String otherUsersToken;
    private static String signedOutToken;
    private static String expiredToken;
    private static String removedHumansToken;

    /** Any credential that is not an agent of the room: refused on every route that takes credentials. */
    private static Function<Callers, Refusal> always(Refusal refusal) {
        return callers -> refusal;
    }

    /**
     * An agent key that may not act in this room: humans' routes do not know it, room routes forbid it.
     * MCP serves it: another room's key names that room, and a revoked or kicked key's tool calls
     * answer with an error result (McpFlowTest checks those).
     */
    private static Refusal agentKeyOfNoUse(Callers callers) {
        return switch (callers) {
            case HUMAN -> Refusal.UNAUTHORIZED;
            case ROOM_AGENT, ROOM_VIEWER, ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_HUMAN,
                    ROOM_OWNER -> Refusal.FORBIDDEN;
            case AGENT -> null;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    private static Refusal memberKey(Callers callers) {
        return switch (callers) {
            case HUMAN -> Refusal.UNAUTHORIZED;
            case ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_HUMAN, ROOM_OWNER -> Refusal.FORBIDDEN;
            case ROOM_AGENT, ROOM_VIEWER, AGENT -> null;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    /** An admin key may do what agents may, but not what only the room's humans may. */
    private static Refusal adminKey(Callers callers) {
        return switch (callers) {
            case HUMAN -> Refusal.UNAUTHORIZED;
            case ROOM_MODERATOR, ROOM_HUMAN, ROOM_OWNER -> Refusal.FORBIDDEN;
            case ROOM_AGENT, ROOM_VIEWER, ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, AGENT -> null;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    /**
     * A valid session of someone not in the room (never was, or was removed): agent-only routes
     * forbid sessions, rooms they are not in do not exist for them.
     */
    private static Refusal otherUsersSession(Callers callers) {
        return switch (callers) {
            case HUMAN -> null;
            case ROOM_AGENT, AGENT -> Refusal.FORBIDDEN;
            case ROOM_VIEWER, ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_HUMAN, ROOM_OWNER ->
                    Refusal.NOT_FOUND;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    private static Refusal ownersSession(Callers callers) {
        return switch (callers) {
            case ROOM_AGENT, AGENT -> Refusal.FORBIDDEN;
            case HUMAN, ROOM_VIEWER, ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_HUMAN, ROOM_OWNER ->
                    null;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    /** A moderator may post, moderate agents and manage members, but not change the room or invite humans. */
    private static Refusal moderatorsSession(Callers callers) {
        return switch (callers) {
            case ROOM_AGENT, AGENT, ROOM_SETTINGS, ROOM_OWNER -> Refusal.FORBIDDEN;
            case HUMAN, ROOM_VIEWER, ROOM_ADMIN, ROOM_RECORDS, ROOM_MODERATOR, ROOM_HUMAN -> null;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    /** A member human may watch, post, export the transcript and leave, nothing more. */
    private static Refusal memberHumansSession(Callers callers) {
        return switch (callers) {
            case ROOM_AGENT, AGENT, ROOM_ADMIN, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_OWNER -> Refusal.FORBIDDEN;
            case HUMAN, ROOM_VIEWER, ROOM_RECORDS, ROOM_HUMAN -> null;
            case PUBLIC -> throw new IllegalStateException("public routes refuse no one");
        };
    }

    private static String bearer(String credential) {
        return "Bearer " + credential;
    }

    static final List<CallerKind> CALLERS = List.of(
            new CallerKind("no Authorization", f -> null, always(Refusal.UNAUTHORIZED)),
            new CallerKind("'Bearer' without a credential", f -> "Bearer", always(Refusal.UNAUTHORIZED)),
            new CallerKind("Basic credentials", f -> "Basic " + Base64.getEncoder().encodeToString(
                    (owner.email() + ":" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8)), always(Refusal.UNAUTHORIZED)),
            new CallerKind("garbage bearer", f -> "Bearer not-a-key", always(Refusal.UNAUTHORIZED)),
            new CallerKind("admin key under a wrong scheme", f -> "Token " + f.adminKey(), always(Refusal.UNAUTHORIZED)),
            new CallerKind("unknown ak_ key", f -> bearer("ak_" + "x".repeat(43)), always(Refusal.UNAUTHORIZED)),
            new CallerKind("another room's admin key", f -> bearer(otherRoomAdminKey),
                    RouteRefusalMatrixTest::agentKeyOfNoUse),
            new CallerKind("revoked admin key", f -> bearer(f.revokedKey()), RouteRefusalMatrixTest::agentKeyOfNoUse),
            new CallerKind("kicked admin's key", f -> bearer(f.kickedKey()), RouteRefusalMatrixTest::agentKeyOfNoUse),
            new CallerKind("the room's admin key", f -> bearer(f.adminKey()), RouteRefusalMatrixTest::adminKey),
            new CallerKind("member key", f -> bearer(f.memberKey()), RouteRefusalMatrixTest::memberKey),
            new CallerKind("never-used member key", f -> bearer(f.unusedMemberKey()), RouteRefusalMatrixTest::memberKey),
            new CallerKind("expired session", f -> bearer(expiredToken), always(Refusal.UNAUTHORIZED)),
            new CallerKind("signed-out session", f -> bearer(signedOutToken), always(Refusal.UNAUTHORIZED)),
            new CallerKind("another user's session", f -> bearer(otherUsersToken),
                    RouteRefusalMatrixTest::otherUsersSession),
            new CallerKind("a removed human's session", f -> bearer(removedHumansToken),
                    RouteRefusalMatrixTest::otherUsersSession),
            new CallerKind("moderator's session", f -> bearer(moderator.token()),
                    RouteRefusalMatrixTest::moderatorsSession),
            new CallerKind("member human's session", f -> bearer(memberHuman.token()),
                    RouteRefusalMatrixTest::memberHumansSession),
            new CallerKind("owner's session", f -> bearer(owner.token()), RouteRefusalMatrixTest::ownersSession));

    static final List<WsCaller> WS_AGENT_CALLERS = List.of(
            new WsCaller("another room's admin key", f -> otherRoomAdminKey, Refusal.FORBIDDEN),
            new WsCaller("revoked admin key", Fixture::revokedKey, Refusal.FORBIDDEN),
            new WsCaller("kicked admin's key", Fixture::kickedKey, Refusal.FORBIDDEN),
            new WsCaller("unknown ak_ key", f -> "ak_" + "x".repeat(43), Refusal.UNAUTHORIZED),
            new WsCaller("garbage key", f -> "not-a-key", Refusal.UNAUTHORIZED),
            new WsCaller("owner's session as a key", f -> owner.token(), Refusal.UNAUTHORIZED));

    static final List<WsCaller> WS_HUMAN_CALLERS = List.of(
            new WsCaller("expired session", f -> expiredToken, Refusal.UNAUTHORIZED),
            new WsCaller("signed-out session", f -> signedOutToken, Refusal.UNAUTHORIZED),
            new WsCaller("garbage token", f -> "st_not-a-token", Refusal.UNAUTHORIZED),
            new WsCaller("the room's admin key as a token", Fixture::adminKey, Refusal.UNAUTHORIZED),
            new WsCaller("another user's session", f -> otherUsersToken, Refusal.NOT_FOUND),
            new WsCaller("a removed human's session", f -> removedHumansToken, Refusal.NOT_FOUND));

    @BeforeAll
    static void setUp() {
        owner = api.newHuman("MatrixOwner");
        otherUsersToken = api.newHuman("MatrixOther").token();
        moderator = api.newHuman("MatrixModerator");
        memberHuman = api.newHuman("MatrixMemberHuman");
        targetHuman = api.newHuman("MatrixTargetHuman");
        signedOutToken = api.login(owner.email(), Api.PASSWORD).text("token");
        Api.Res logout = api.post("/auth/logout", signedOutToken, null);
        assertTrue(logout.status() == 200 || logout.status() == 204, logout::toString);
        expiredToken = expiredSession();

        Api.Room otherRoom = api.createRoom(owner.token(), "Matrix other room");
        otherRoomAdminKey = otherRoom.adminKey();
        api.claim(otherRoom.id(), otherRoomAdminKey);
        shared = newFixture("Matrix shared room");
        Api.Res publicRes = api.createRoomRes(owner.token(), obj("name", "Matrix public room", "type", "public"));
        assertEquals(201, publicRes.status(), publicRes::toString);
        publicRoom = publicRes.path("room").path("id").asText();
        Api.Human removed = api.newHuman("MatrixRemoved");
        api.addHuman(shared.roomId(), owner.token(), removed, "moderator");
        Api.Res removal = api.request("DELETE", "/rooms/" + shared.roomId() + "/humans/" + removed.id(), owner.token(),
                null, Map.of());
        assertEquals(200, removal.status(), removal::toString);
        removedHumansToken = removed.token();
    }

    /** A session of the owner that worked, then expired: its stored expiry is set one second in the past. */
    private static String expiredSession() {
        String token = api.login(owner.email(), Api.PASSWORD).text("token");
        Api.Res me = api.get("/me", token);
        assertEquals(200, me.status(), me::toString);
        server.dynamoDb().updateItem(UpdateItemRequest.builder()
                .tableName(state.name(Tables.SESSIONS))
                .key(Map.of("token_hash", AttributeValue.fromS(Api.sha256Hex(token))))
                .conditionExpression("attribute_exists(token_hash)")
                .updateExpression("SET expires_at = :past")
                .expressionAttributeValues(Map.of(":past",
                        AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() - 1))))
                .build());
        return token;
    }

    static Fixture newFixture(String name) {
        Api.Room room = api.createRoom(owner.token(), obj("name", name, "max_members", 10));
        String member = api.invite(room.id(), owner.token(), "Member");
        String unusedMember = api.invite(room.id(), owner.token(), "Unused member");
        Api.Res target = admin.inviteOk(room.id(), owner.token(), obj("label", "Target"));
        Api.Res revoked = admin.inviteOk(room.id(), owner.token(), obj("label", "Revoked admin", "role", "admin"));
        Api.Res kicked = admin.inviteOk(room.id(), owner.token(), obj("label", "Kicked admin", "role", "admin"));
        Api.Res banned = admin.inviteOk(room.id(), owner.token(), obj("label", "Banned"));
        api.claim(room.id(), room.adminKey());
        api.claim(room.id(), member);
        String targetAgent = api.claim(room.id(), target.text("key"));
        long targetMessage = api.send(room.id(), target.text("key"), "A message to delete").path("seq").asLong();
        api.claim(room.id(), revoked.text("key"));
        String kickedAgent = api.claim(room.id(), kicked.text("key"));
        String bannedAgent = api.claim(room.id(), banned.text("key"));
        Api.Res revoke = admin.revoke(room.id(), revoked.text("key_id"), owner.token());
        assertEquals(200, revoke.status(), revoke::toString);
        Api.Res kick = admin.kick(room.id(), kickedAgent, owner.token());
        assertEquals(200, kick.status(), kick::toString);
        Api.Res ban = admin.ban(room.id(), bannedAgent, owner.token());
        assertEquals(200, ban.status(), ban::toString);
        api.addHuman(room.id(), owner.token(), moderator, "moderator");
        api.addHuman(room.id(), owner.token(), memberHuman, "member");
        api.addHuman(room.id(), owner.token(), targetHuman, "member");
        Api.Res link = api.post("/rooms/" + room.id() + "/humans", owner.token(), obj("role", "member"));
        assertEquals(201, link.status(), link::toString);
        return new Fixture(room.id(), room.adminKey(), member, unusedMember, target.text("key_id"), targetAgent,
                revoked.text("key"), kicked.text("key"), targetMessage, bannedAgent, targetHuman.id(),
                link.text("token"), link.text("invite_id"));
    }

    // ---------------------------------------------------------------- HTTP

    @TestFactory
    @Order(1)
    Stream<DynamicNode> httpRoute_whenTheCallerMayNotCallIt_isRefusedAndChangesNothing() {
        List<DynamicNode> routes = new ArrayList<>();
        for (HttpRoute route : Routes.HTTP) {
            if (route.callers() == Callers.PUBLIC) {
                continue; // nothing to refuse: these routes take no credentials
            }
            Sample sample = SAMPLES.get(route.routeKey());
            if (sample == null) {
                routes.add(missingSample(route.routeKey()));
                continue;
            }
            List<DynamicTest> cases = new ArrayList<>();
            for (CallerKind caller : CALLERS) {
                Refusal refusal = caller.refusal().apply(route.callers());
                if (refusal != null) {
                    cases.add(dynamicTest(caller + " -> " + refusal, () -> refused(route, sample, caller, refusal)));
                }
            }
            routes.add(dynamicContainer(route.routeKey() + " [" + route.callers() + "]", cases));
        }
        return routes.stream();
    }

    /**
     * The other side of each refusal: a caller the route serves gets a 2xx with the same sample on
     * a fresh room, so the refusals above are about the credential and nothing else.
     */
    @TestFactory
    @Order(2)
    Stream<DynamicTest> httpRoute_whenTheCallerMayCallIt_succeedsWithTheSample() {
        return Routes.HTTP.stream()
                .filter(route -> route.callers() != Callers.PUBLIC && SAMPLES.containsKey(route.routeKey()))
                .map(route -> dynamicTest(route.routeKey() + " [" + route.callers() + "]", () -> {
                    Fixture fixture = newFixture("Matrix control " + route.routeKey());
                    String credential = switch (route.callers()) {
                        // A session of its own: the logout control must not end the owner's shared one.
                        case HUMAN -> api.login(owner.email(), Api.PASSWORD).text("token");
                        case ROOM_AGENT, ROOM_VIEWER, AGENT -> fixture.memberKey();
                        case ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_OWNER -> owner.token();
                        // The owner may not leave their room: a member human is the one this route serves.
                        case ROOM_HUMAN -> memberHuman.token();
                        case PUBLIC -> throw new IllegalStateException();
                    };
                    SAMPLES.get(route.routeKey()).arrange().accept(fixture);
                    Api.Res res = call(route, SAMPLES.get(route.routeKey()), fixture, bearer(credential));
                    assertTrue(res.status() >= 200 && res.status() < 300, () -> "allowed caller refused: " + res);
                }));
    }

    @Test
    @Order(3)
    void samples_whenARouteIsGoneOrPublic_areNotKept() {
        TreeSet<String> refusable = Routes.HTTP.stream().filter(r -> r.callers() != Callers.PUBLIC)
                .map(HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> stale = new TreeSet<>(SAMPLES.keySet());
        stale.removeAll(refusable);
        assertTrue(stale.isEmpty(), () -> "samples for routes that are gone or public: " + stale);
    }

    private static DynamicNode missingSample(String routeKey) {
        return dynamicTest(routeKey + ": no sample request", () -> fail(routeKey
                + " takes credentials but RouteRefusalMatrixTest.SAMPLES has no sample body for it: add one"));
    }

    private static void refused(HttpRoute route, Sample sample, CallerKind caller, Refusal refusal) {
        StoredState.Snapshot before = state.take();
        Api.Res res = call(route, sample, shared, caller.authorization().apply(shared));
        assertError(res, refusal.status(), refusal.code());
        AdminCalls.assertNoSecrets(res);
        assertUnchanged(before, route.routeKey() + " by " + caller);
    }

    private static Api.Res call(HttpRoute route, Sample sample, Fixture fixture, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        return api.request(route.method(), apiPath(route, fixture), null, sample.body().apply(fixture), headers);
    }

    /** The route's path under {@code /api}, its parameters taken from the fixture. */
    private static String apiPath(HttpRoute route, Fixture fixture) {
        assertTrue(route.path().startsWith("/api/"), route::path);
        Matcher param = PATH_PARAM.matcher(route.path().substring("/api".length()));
        StringBuilder path = new StringBuilder();
        while (param.find()) {
            String value = switch (param.group(1)) {
                // The public preview serves public rooms only: its allowed caller needs one.
                case "room" -> route.path().startsWith("/api/public-rooms/") ? publicRoomId() : fixture.roomId();
                case "agent" -> fixture.targetAgentId();
                case "key_id" -> fixture.targetKeyId();
                case "seq" -> Long.toString(fixture.targetMessageSeq());
                case "banned" -> fixture.bannedAgentId();
                case "user" -> fixture.targetUserId();
                case "invite" -> fixture.humanLinkId();
                default -> throw new AssertionError(route.routeKey() + ": no fixture value for {" + param.group(1)
                        + "}: add one to RouteRefusalMatrixTest.apiPath");
            };
            param.appendReplacement(path, Matcher.quoteReplacement(Api.enc(value)));
        }
        param.appendTail(path);
        return path.toString();
    }

    private static String publicRoom;

    /** A public room of the shared owner (made in set-up: a refused case must find the tables still). */
    private static String publicRoomId() {
        return publicRoom;
    }

    private static void assertUnchanged(StoredState.Snapshot before, String what) {
        state.assertUnchanged(before, "refused " + what);
    }

    // ---------------------------------------------------------------- WebSocket

    @TestFactory
    @Order(4)
    Stream<DynamicNode> wsRoute_whenTheCredentialIsRefused_answersWithTheErrorAndStoresNothing() {
        List<DynamicNode> routes = new ArrayList<>();
        for (WsRoute route : Routes.WEBSOCKET) {
            WsCredential credential = WS_CREDENTIALS.get(route.routeKey());
            if (credential == null) {
                routes.add(dynamicTest("ws " + route.routeKey() + ": no credential declared", () -> fail("ws "
                        + route.routeKey() + " is not in RouteRefusalMatrixTest.WS_CREDENTIALS: say how it takes a credential")));
                continue;
            }
            List<DynamicTest> cases = new ArrayList<>();
            switch (credential) {
                case AGENT_KEY_AT_CONNECT -> WS_AGENT_CALLERS.forEach(c -> cases.add(dynamicTest(
                        c.name() + " -> " + c.refusal(), () -> refusedHandshake(c))));
                case AGENT_KEY_IN_FRAME -> WS_AGENT_CALLERS.forEach(c -> cases.add(dynamicTest(
                        c.name() + " -> " + c.refusal(), () -> refusedFrame("join", "key", "joined", c))));
                case SESSION_IN_FRAME -> WS_HUMAN_CALLERS.forEach(c -> cases.add(dynamicTest(
                        c.name() + " -> " + c.refusal(), () -> refusedFrame("watch", "token", "watching", c))));
                case NONE -> {
                    continue;
                }
            }
            routes.add(dynamicContainer("ws " + route.routeKey(), cases));
        }
        return routes.stream();
    }

    private static void refusedHandshake(WsCaller caller) {
        StoredState.Snapshot before = awaitConnections(0);
        int status = WsClient.refusedHandshakeStatus(WsClient.url(server)
                + WsClient.query(shared.roomId(), caller.credential().apply(shared), null));
        assertEquals(caller.refusal().status(), status, () -> "handshake with " + caller.name());
        assertUnchanged(before, "$connect with " + caller.name());
    }

    private static void refusedFrame(String type, String field, String acceptedType, WsCaller caller) {
        // Sockets of earlier cases are gone once their $disconnect has run: start from a still state.
        awaitConnections(0);
        try (WsClient ws = WsClient.open(server, type + " " + caller.name())) {
            // The socket's own row, written by $connect, is part of the state the frame must not change.
            StoredState.Snapshot before = awaitConnections(1);
            String frame = Api.write(obj("type", type, "room", shared.roomId(), field, caller.credential().apply(shared)));
            ws.expectError(frame, caller.refusal().code());
            assertTrue(ws.received(f -> WsClient.isType(f, acceptedType)).isEmpty(), () -> "accepted: " + ws.received());
            assertUnchanged(before, type + " frame with " + caller.name());
        }
    }

    private static StoredState.Snapshot awaitConnections(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            StoredState.Snapshot now = state.take();
            if (now.count(state.name(Tables.CONNECTIONS)) == count) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                fail("expected " + count + " connection rows, have " + now.count(state.name(Tables.CONNECTIONS)));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
