package dev.agentchat.standalone.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.Routes.HttpRoute;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.http.HttpErrors;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StoredState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a fuzz class runs its tries on, over the class's {@link RunningServer} (with
 * {@link #ROOMS_FOR_EVERY_TRY} and {@link #NO_SWEEPS}): a fresh room for every try (so an accepted
 * request, even a room deletion or a logout, never spoils the next try), plus the checks every
 * property shares: never a 5xx, the contract's error shape, and nothing stored by a refusal.
 */
final class FuzzTarget {
    /** Which credential a fuzzed request carries. */
    enum Auth { NONE, GARBAGE, OWNER, ADMIN, MEMBER }

    /** A room of its own: the owner's session, its admin key and a member key, claimed or not. */
    record Fixture(String roomId, String ownerToken, String adminKey, String memberKey, String memberKeyId,
                   String memberAgentId, String ownerId, String humanLinkId) {
        String bearer(Auth auth) {
            return switch (auth) {
                case NONE -> null;
                case GARBAGE -> "ak_not-a-real-key";
                case OWNER -> ownerToken;
                case ADMIN -> adminKey;
                case MEMBER -> memberKey;
            };
        }

        /** The route's path (below /api) with its parameters set to this room's real ids. */
        String path(HttpRoute route) {
            return route.path().substring("/api".length())
                    .replace("{room}", roomId)
                    .replace("{key_id}", memberKeyId)
                    .replace("{agent}", memberAgentId)
                    .replace("{banned}", memberAgentId)
                    .replace("{seq}", "1")
                    .replace("{user}", ownerId)
                    .replace("{invite}", humanLinkId);
        }

        /** The real value of a path parameter of the route table. */
        String real(String param) {
            return switch (param) {
                case "room" -> roomId;
                case "key_id" -> memberKeyId;
                case "agent", "banned" -> memberAgentId;
                // The first event (a join once a key is claimed): a redaction of it is refused.
                case "seq" -> "1";
                case "user" -> ownerId;
                // An outstanding human link of the room (so a revocation can succeed).
                case "invite" -> humanLinkId;
                default -> throw new IllegalArgumentException("a route parameter the fuzzer does not know: " + param);
            };
        }
    }

    private static final List<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name).toList();

    final AgentChatServer server;
    final Api api;
    final Map<String, String> env;
    private final StoredState state;
    private final String ownerEmail;
    private final String ownerId;
    private String ownerToken;

    /** Room for every try's room. */
    static final String ROOMS_FOR_EVERY_TRY = "LIMIT_ROOMS_PER_USER=100000";
    /** No sweeps to change state behind our back. */
    static final String NO_SWEEPS = "SWEEP_INTERVAL_SECONDS=3600";

    /** Signs up the owner of every try's room on the class's server. */
    FuzzTarget(ServerUnderTest running) {
        this.server = running.server();
        this.api = running.api();
        this.env = running.env();
        this.state = running.storedState();
        this.ownerEmail = Api.uniqueEmail("fuzz");
        Api.Res signup = api.signup(ownerEmail, Api.PASSWORD, "Fuzz owner");
        assertEquals(201, signup.status(), signup::toString);
        this.ownerId = signup.text("id");
    }

    Fixture fixture(boolean claimed) {
        if (ownerToken == null) {
            Api.Res login = api.login(ownerEmail, Api.PASSWORD);
            assertEquals(200, login.status(), login::toString);
            ownerToken = login.text("token");
        }
        Api.Room room = api.createRoom(ownerToken, Api.obj("name", "Fuzz room"));
        Api.Res invite = api.inviteRes(room.id(), ownerToken, Api.obj("label", "Member"));
        assertEquals(201, invite.status(), invite::toString);
        String memberKey = invite.text("key");
        String agentId = "agt_unclaimed";
        if (claimed) {
            api.claim(room.id(), room.adminKey());
            agentId = api.claim(room.id(), memberKey);
        }
        Api.Res link = api.post("/rooms/" + room.id() + "/humans", ownerToken, Api.obj("role", "member"));
        assertEquals(201, link.status(), link::toString);
        return new Fixture(room.id(), ownerToken, room.adminKey(), memberKey, invite.text("key_id"), agentId, ownerId,
                link.text("invite_id"));
    }

    /** The owner's session was ended by a fuzzed (and accepted) logout: sign in again for the next fixture. */
    void sessionEnded() {
        ownerToken = null;
    }

    /** Every table's items, as the next request will find them. */
    StoredState.Snapshot stored() {
        return state.take();
    }

    /** Never a 5xx; a 4xx has the contract's error shape and left every table as it was. */
    static void assertHandled(Api.Res res, StoredState.Snapshot before, StoredState.Snapshot after, String input) {
        String shown = input.length() > 400 ? input.substring(0, 400) + "…" : input;
        assertTrue(res.status() < 500, () -> "server error for " + shown + ": " + res);
        if (res.status() >= 400) {
            assertNotNull(res.json(), () -> "4xx body is not JSON for " + shown + ": " + res);
            if ("2.0".equals(res.path("jsonrpc").asText(null))) {
                // The MCP endpoint refuses in JSON-RPC's own error shape (SPEC §12), not the REST one.
                int rpcCode = res.path("error").path("code").asInt(0);
                assertTrue(rpcCode <= -32000 && rpcCode >= -32768, () -> "JSON-RPC error without a reserved code for "
                        + shown + ": " + res);
            } else {
                String code = res.errorCode();
                assertTrue(code != null && CODES.contains(code), () -> "4xx without a contract error code for " + shown
                        + ": " + res);
                assertEquals(HttpErrors.status(ErrorCode.valueOf(code)), res.status(),
                        () -> code + " with the wrong status for " + shown);
            }
            assertFalse(res.path("error").path("message").asText("").isBlank(), () -> "error without a message: " + res);
            String type = res.header("Content-Type");
            assertTrue(type != null && type.startsWith("application/json"), () -> "error content type " + type);
            List<String> changes = before.changesTo(after);
            assertTrue(changes.isEmpty(), () -> "refused request changed what is stored: " + shown + " -> " + res
                    + "\n  " + String.join("\n  ", changes));
        }
    }
}
