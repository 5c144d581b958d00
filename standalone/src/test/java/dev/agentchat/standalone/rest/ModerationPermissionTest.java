package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin route × every kind of caller, over real HTTP. The owner's session and the room's
 * admin keys may manage the room; everyone else is refused with the exact status and code, and
 * a refused request leaves the room exactly as it was.
 *
 * <p>Adding an admin route is one line in {@link #ROUTES}; adding a kind of caller, one line in
 * {@link #CALLERS}.
 */
@RunningServer(env = {
        // Each allowed case gets a room of its own; the default of 20 rooms per user is not enough.
        "LIMIT_ROOMS_PER_USER=100"})
class ModerationPermissionTest {
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;

    /** The owner of every room here, and what the refused callers are tried against. */
    private static Api.Human owner;
    private static Fixture shared;
    private static String otherUsersToken;
    private static String loggedOutToken;
    private static String otherRoomAdminKey;

    /** One admin route: how to call it against a fixture, and how to see that it took effect. */
    record AdminRoute(String name, String method, Function<Fixture, String> path, Object body, int okStatus,
                      BiConsumer<Fixture, Api.Res> tookEffect) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * One kind of caller: its bearer credential for a fixture (null = no Authorization), and the
     * refusal it must get (status 0 = it is allowed).
     */
    record CallerKind(String name, Function<Fixture, String> bearer, int status, String code) {
        boolean allowed() {
            return status == 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A room with an owner, admin keys, a member, a target agent to act on and a revoked admin key. */
    record Fixture(String roomId, String creatorAdminKey, String invitedAdminKey, String memberKey, String targetKey,
                   String targetKeyId, String targetAgentId, String revokedAdminKey) {
    }

    static final List<AdminRoute> ROUTES = List.of(
            new AdminRoute("list invites", "GET", f -> "/rooms/" + f.roomId() + "/invites", null, 200,
                    (f, res) -> {
                        AdminCalls.assertNoSecrets(res);
                        assertTrue(res.raw().contains(f.targetKeyId()), res::toString);
                    }),
            new AdminRoute("create invite", "POST", f -> "/rooms/" + f.roomId() + "/invites", obj("label", "Newcomer"),
                    201, (f, res) -> {
                        assertTrue(admin.invite(f.roomId(), owner.token(), res.text("key_id")).isPresent(), res::toString);
                        assertEquals(200, api.heartbeat(f.roomId(), res.text("key"), null).status(), "the new key works");
                    }),
            new AdminRoute("revoke invite", "DELETE", f -> "/rooms/" + f.roomId() + "/invites/" + f.targetKeyId(), null,
                    200, (f, res) -> assertError(api.read(f.roomId(), f.targetKey(), ""), 403, "FORBIDDEN")),
            new AdminRoute("kick agent", "POST", f -> "/rooms/" + f.roomId() + "/agents/" + f.targetAgentId() + "/kick",
                    null, 200, (f, res) -> assertError(api.read(f.roomId(), f.targetKey(), ""), 403, "FORBIDDEN")),
            new AdminRoute("ban agent", "POST", f -> "/rooms/" + f.roomId() + "/agents/" + f.targetAgentId() + "/ban",
                    null, 200, (f, res) -> assertError(api.read(f.roomId(), f.targetKey(), ""), 403, "FORBIDDEN")),
            new AdminRoute("update room", "PATCH", f -> "/rooms/" + f.roomId(),
                    obj("name", "Renamed by admin", "description", "changed", "max_members", 7), 200, (f, res) -> {
                        JsonNode room = api.roomInfo(f.roomId(), owner.token()).path("room");
                        assertEquals("Renamed by admin", room.path("name").asText(), room::toString);
                        assertEquals("changed", room.path("description").asText(), room::toString);
                        assertEquals(7, room.path("max_members").asInt(), room::toString);
                    }),
            // Refused callers must hear "who are you" before "your body is wrong": auth comes first.
            new AdminRoute("update room with an invalid body", "PATCH", f -> "/rooms/" + f.roomId(),
                    obj("name", "Never applied", "max_members", 0), 400, (f, res) -> {
                        assertEquals("BAD_REQUEST", res.errorCode(), res::toString);
                        assertFalse(api.roomInfo(f.roomId(), owner.token()).raw().contains("Never applied"));
                    }),
            new AdminRoute("delete room", "DELETE", f -> "/rooms/" + f.roomId(), null, 200, (f, res) -> {
                assertError(api.roomInfo(f.roomId(), owner.token()), 404, "NOT_FOUND");
                assertFalse(admin.ownerLists(owner.token(), f.roomId()));
            }));

    static final List<CallerKind> CALLERS = List.of(
            new CallerKind("owner's session", f -> owner.token(), 0, null),
            new CallerKind("room creator's admin key", Fixture::creatorAdminKey, 0, null),
            new CallerKind("invited admin key", Fixture::invitedAdminKey, 0, null),
            new CallerKind("member key", Fixture::memberKey, 403, "FORBIDDEN"),
            new CallerKind("other user's session", f -> otherUsersToken, 404, "NOT_FOUND"),
            new CallerKind("no Authorization", f -> null, 401, "UNAUTHORIZED"),
            new CallerKind("other room's admin key", f -> otherRoomAdminKey, 403, "FORBIDDEN"),
            new CallerKind("revoked admin key", Fixture::revokedAdminKey, 403, "FORBIDDEN"),
            new CallerKind("logged-out session", f -> loggedOutToken, 401, "UNAUTHORIZED"),
            new CallerKind("unknown ak_ key", f -> "ak_" + "x".repeat(43), 401, "UNAUTHORIZED"));

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (AdminRoute route : ROUTES) {
            for (CallerKind caller : CALLERS) {
                cases.add(Arguments.of(route, caller));
            }
        }
        return cases.stream();
    }

    @BeforeAll
    static void setUp() throws Exception {
        owner = api.newHuman("PermOwner");
        otherUsersToken = api.newHuman("PermOther").token();
        // A second session of the owner, signed out: it must count for nothing.
        Api.Res login = api.login(owner.email(), Api.PASSWORD);
        assertEquals(200, login.status(), login::toString);
        loggedOutToken = login.text("token");
        Api.Res logout = api.post("/auth/logout", loggedOutToken, null);
        assertTrue(logout.status() == 200 || logout.status() == 204, logout::toString);
        assertError(api.get("/me", loggedOutToken), 401, "UNAUTHORIZED");
        // The same owner's other room: its admin key must not reach into this one.
        Api.Room otherRoom = api.createRoom(owner.token(), "Perm other room");
        otherRoomAdminKey = otherRoom.adminKey();
        api.claim(otherRoom.id(), otherRoomAdminKey);
        shared = newFixture("Perm shared room");
    }

    /** A new room in which every key in the fixture has been used once, so nothing is claimed later by accident. */
    static Fixture newFixture(String name) {
        Api.Room room = api.createRoom(owner.token(), obj("name", name, "max_members", 10));
        String invitedAdmin = admin.inviteOk(room.id(), owner.token(), obj("label", "Deputy", "role", "admin")).text("key");
        String member = api.invite(room.id(), owner.token(), "Member");
        Api.Res target = admin.inviteOk(room.id(), owner.token(), obj("label", "Target"));
        Api.Res revoked = admin.inviteOk(room.id(), owner.token(), obj("label", "Former deputy", "role", "admin"));
        api.claim(room.id(), room.adminKey());
        api.claim(room.id(), invitedAdmin);
        api.claim(room.id(), member);
        api.claim(room.id(), revoked.text("key"));
        String targetAgent = api.claim(room.id(), target.text("key"));
        Api.Res revoke = admin.revoke(room.id(), revoked.text("key_id"), owner.token());
        assertEquals(200, revoke.status(), revoke::toString);
        return new Fixture(room.id(), room.adminKey(), invitedAdmin, member, target.text("key"), target.text("key_id"),
                targetAgent, revoked.text("key"));
    }

    private static Api.Res call(AdminRoute route, Fixture fixture, String bearer) {
        return api.request(route.method(), route.path().apply(fixture), bearer, route.body(), Map.of());
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("matrix")
    void adminRoute(AdminRoute route, CallerKind caller) {
        if (caller.allowed()) {
            Fixture fixture = newFixture("Perm " + route.name() + " by " + caller.name());
            Api.Res res = call(route, fixture, caller.bearer().apply(fixture));
            assertEquals(route.okStatus(), res.status(), () -> caller + " may " + route + ": " + res);
            route.tookEffect().accept(fixture, res);
        } else {
            String before = snapshot(shared);
            Api.Res res = call(route, shared, caller.bearer().apply(shared));
            assertError(res, caller.status(), caller.code());
            AdminCalls.assertNoSecrets(res);
            assertEquals(before, snapshot(shared), () -> "a refused " + route + " by " + caller + " changed the room");
        }
    }

    /**
     * Everything a refused request could have touched, as the owner and the room's agents see it:
     * the invite list, the room with its agents, the owner's room list entry and the event log.
     */
    private static String snapshot(Fixture fixture) {
        StringBuilder out = new StringBuilder();
        out.append("invites=").append(admin.invites(fixture.roomId(), owner.token())).append('\n');
        Api.Res info = api.roomInfo(fixture.roomId(), owner.token());
        assertEquals(200, info.status(), info::toString);
        out.append("room=").append(info.path("room")).append('\n');
        List<String> agents = new ArrayList<>();
        info.path("agents").forEach(a -> agents.add(a.path("agent_id").asText() + ":" + a.path("name").asText()));
        agents.sort(String::compareTo);
        out.append("agents=").append(agents).append('\n');
        out.append("listed=").append(admin.ownerLists(owner.token(), fixture.roomId())).append('\n');
        // Read by the room creator's admin agent (no refused route ever targets it).
        List<String> events = new ArrayList<>();
        api.readAll(fixture.roomId(), fixture.creatorAdminKey())
                .forEach(e -> events.add(e.path("seq").asText() + " " + e.path("type").asText() + " " + e.path("content").asText()));
        out.append("events=").append(events).append('\n');
        return out.toString();
    }
}
