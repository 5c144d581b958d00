package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code PATCH /api/rooms/{room}} field by field (with its validation and the member-count
 * conflict), the private ↔ public transitions and room-key rotation, and
 * {@code DELETE /api/rooms/{room}} cascading through keys, history, sockets and the owner's
 * room count, down to every table of the store.
 */
@RunningServer(env = {
        "LIMIT_ROOM_MEMBERS=" + RoomSettingsTest.DEFAULT_MEMBERS,
        "LIMIT_ROOM_MEMBERS_CEILING=" + RoomSettingsTest.CEILING,
        "LIMIT_ROOMS_PER_USER=" + RoomSettingsTest.ROOMS_PER_USER})
class RoomSettingsTest {
    static final int CEILING = 50;
    static final int DEFAULT_MEMBERS = 4;
    static final int ROOMS_PER_USER = 3;

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;

    private static JsonNode patchOk(String roomId, String auth, Map<String, Object> body) {
        Api.Res res = admin.patch(roomId, auth, body);
        assertEquals(200, res.status(), res::toString);
        return res.path("room");
    }

    private static JsonNode roomAsOwnerSees(String roomId, String token) {
        Api.Res res = api.roomInfo(roomId, token);
        assertEquals(200, res.status(), res::toString);
        return res.path("room");
    }

    @Test
    void patch_changesEachField_andEveryoneSeesIt() {
        Api.Human owner = api.newHuman("Settings");
        Api.Room room = api.createRoom(owner.token(), "Before");
        assertEquals(DEFAULT_MEMBERS, room.body().path("room").path("max_members").asInt(), "LIMIT_ROOM_MEMBERS is the default");
        String agent = api.invite(room.id(), owner.token(), "Agent");

        JsonNode renamed = patchOk(room.id(), owner.token(), obj("name", "After"));
        assertEquals("After", renamed.path("name").asText(), renamed::toString);
        assertEquals(room.id(), renamed.path("id").asText(), renamed::toString);
        assertEquals("private", renamed.path("type").asText(), renamed::toString);
        assertFalse(renamed.has("room_key"), renamed::toString);
        assertEquals("After", roomAsOwnerSees(room.id(), owner.token()).path("name").asText());
        assertEquals("After", api.roomInfo(room.id(), agent).path("room").path("name").asText(), "agents see it too");
        assertTrue(admin.inviteOk(room.id(), owner.token(), obj()).text("instructions").contains("\"After\""),
                "new invites carry the new name");

        JsonNode described = patchOk(room.id(), owner.token(), obj("description", "Where plans are made"));
        assertEquals("Where plans are made", described.path("description").asText(), described::toString);
        assertEquals("After", described.path("name").asText(), () -> "fields not sent stay: " + described);
        JsonNode cleared = patchOk(room.id(), owner.token(), obj("description", ""));
        assertTrue(cleared.path("description").isNull() || cleared.path("description").asText().isEmpty(), cleared::toString);
        JsonNode seen = roomAsOwnerSees(room.id(), owner.token());
        assertTrue(seen.path("description").isNull() || seen.path("description").asText().isEmpty(), seen::toString);

        assertEquals(CEILING, patchOk(room.id(), owner.token(), obj("max_members", CEILING)).path("max_members").asInt());
        // The agent and now the admin agent hold two seats: two is as low as it goes.
        assertEquals(2, patchOk(room.id(), room.adminKey(), obj("max_members", 2)).path("max_members").asInt());
        assertEquals(2, roomAsOwnerSees(room.id(), owner.token()).path("max_members").asInt());

        // Several fields at once, and an empty patch that changes nothing.
        JsonNode several = patchOk(room.id(), owner.token(), obj("name", "Both", "description", "Two at once", "max_members", 9));
        assertEquals("Both", several.path("name").asText());
        assertEquals("Two at once", several.path("description").asText());
        assertEquals(9, several.path("max_members").asInt());
        JsonNode nothing = patchOk(room.id(), owner.token(), obj());
        assertEquals(several, nothing, "an empty patch changes nothing");
        assertTrue(admin.ownerLists(owner.token(), room.id()));
        Api.Res list = api.get("/rooms", owner.token());
        assertTrue(list.raw().contains("\"Both\""), () -> "the owner's list shows the new name: " + list);
    }

    @Test
    void patch_refusesInvalidInput_andChangesNothing() {
        Api.Human owner = api.newHuman("Invalid");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Valid", "description", "Kept", "max_members", 5));
        String roomId = created.path("room").path("id").asText();
        JsonNode before = roomAsOwnerSees(roomId, owner.token());

        List<Object> invalid = List.of(
                obj("name", ""), obj("name", "   "), obj("name", 42), obj("name", "n".repeat(101)),
                obj("description", "d".repeat(1001)), obj("description", 7),
                obj("type", "secret"), obj("type", 1), obj("type", ""),
                obj("max_members", 0), obj("max_members", -3), obj("max_members", CEILING + 1), obj("max_members", "ten"),
                obj("max_members", 2.5),
                obj("rotate_room_key", true), obj("rotate_room_key", "yes"), obj("type", "private", "rotate_room_key", true),
                obj("name", "Sneaky", "max_members", 0),
                "not json", "[1,2,3]", "\"a string\"");
        for (Object body : invalid) {
            Api.Res res = admin.patch(roomId, owner.token(), body);
            assertEquals(400, res.status(), () -> "PATCH " + (body instanceof String ? body : Api.write(body)) + ": " + res);
            assertError(res, 400, "BAD_REQUEST");
            assertEquals(before, roomAsOwnerSees(roomId, owner.token()), () -> "a refused patch changed the room: " + res);
        }
        // JSON null means "leave as is" (or is refused): it never blanks the name.
        Api.Res nullName = admin.patch(roomId, owner.token(), obj("name", null));
        assertTrue(nullName.status() == 200 || nullName.status() == 400, nullName::toString);
        assertEquals(before, roomAsOwnerSees(roomId, owner.token()));
        // A public room's key cannot be rotated while making it private either.
        Api.Res pub = api.createRoomRes(owner.token(), obj("name", "Public one", "type", "public"));
        assertError(admin.patch(pub.path("room").path("id").asText(), owner.token(),
                obj("type", "private", "rotate_room_key", true)), 400, "BAD_REQUEST");
        assertEquals("public", roomAsOwnerSees(pub.path("room").path("id").asText(), owner.token()).path("type").asText());
        assertError(admin.patch("room_doesNotExist01", owner.token(), obj("name", "Ghost")), 404, "NOT_FOUND");
    }

    @Test
    void patch_maxMembersBelowTheCurrentCount_isAConflict() {
        Api.Human owner = api.newHuman("Crowd");
        Api.Room room = api.createRoom(owner.token(), obj("name", "Crowded", "max_members", 4));
        for (int i = 1; i <= 3; i++) {
            api.claim(room.id(), api.invite(room.id(), owner.token(), "Member " + i));
        }
        String fourth = api.invite(room.id(), owner.token(), "Member 4");

        assertError(admin.patch(room.id(), owner.token(), obj("max_members", 2)), 409, "CONFLICT");
        assertError(admin.patch(room.id(), owner.token(), obj("max_members", 1)), 409, "CONFLICT");
        assertError(admin.patch(room.id(), owner.token(), obj("name", "Renamed too", "max_members", 2)), 409, "CONFLICT");
        JsonNode unchanged = roomAsOwnerSees(room.id(), owner.token());
        assertEquals(4, unchanged.path("max_members").asInt(), unchanged::toString);
        assertEquals("Crowded", unchanged.path("name").asText(), () -> "a refused patch changes no field: " + unchanged);

        // Exactly the current count is fine, and then the room is full.
        assertEquals(3, patchOk(room.id(), owner.token(), obj("max_members", 3)).path("max_members").asInt());
        assertError(api.heartbeat(room.id(), fourth, null), 409, "ROOM_FULL");
        patchOk(room.id(), owner.token(), obj("max_members", 4));
        assertEquals(200, api.heartbeat(room.id(), fourth, null).status());
    }

    @Test
    void type_privateToPublicAndBack_withRoomKeyRotation() {
        Api.Human owner = api.newHuman("Types");
        Api.Room room = api.createRoom(owner.token(), "Shapeshifter " + System.nanoTime());
        String name = room.body().path("room").path("name").asText();
        assertFalse(room.body().path("room").has("room_key"), "a private room has no room key");
        assertError(admin.publicJoin(room.id(), obj("room_key", "rk_guess", "name", "Early")), 404, "NOT_FOUND");

        // Public joins take their seat at once: room for the owner's agent and three joiners.
        JsonNode madePublic = patchOk(room.id(), owner.token(), obj("type", "public", "max_members", 4));
        assertEquals("public", madePublic.path("type").asText(), madePublic::toString);
        String key1 = madePublic.path("room_key").asText();
        assertTrue(key1.startsWith("rk_"), madePublic::toString);
        assertTrue(listedPublicly(name), "a public room is listed");
        Api.Res first = admin.publicJoin(room.id(), obj("room_key", key1, "name", "First"));
        assertEquals(201, first.status(), first::toString);
        api.claim(room.id(), first.text("key"));

        // Saying "public" again does not change the key; rotating does.
        JsonNode same = patchOk(room.id(), owner.token(), obj("type", "public", "description", "open"));
        assertFalse(same.has("room_key"), () -> "no new key, none shown: " + same);
        assertEquals(201, admin.publicJoin(room.id(), obj("room_key", key1)).status(), "the key still works");
        JsonNode rotated = patchOk(room.id(), room.adminKey(), obj("rotate_room_key", true));
        String key2 = rotated.path("room_key").asText();
        assertTrue(key2.startsWith("rk_"), rotated::toString);
        assertNotEquals(key1, key2);
        assertError(admin.publicJoin(room.id(), obj("room_key", key1, "name", "Late")), 403, "FORBIDDEN");
        assertEquals(201, admin.publicJoin(room.id(), obj("room_key", key2, "name", "Second")).status());
        // Agents who joined with the old room key keep their personal keys.
        assertEquals(201, api.sendRes(room.id(), first.text("key"), "still here after the rotation").status());

        JsonNode madePrivate = patchOk(room.id(), owner.token(), obj("type", "private"));
        assertEquals("private", madePrivate.path("type").asText());
        assertFalse(madePrivate.has("room_key"), madePrivate::toString);
        assertFalse(listedPublicly(name), "a private room is not listed");
        assertError(admin.publicJoin(room.id(), obj("room_key", key2, "name", "Third")), 404, "NOT_FOUND");
        assertEquals(201, api.sendRes(room.id(), first.text("key"), "still here in private").status());

        // Public again: a fresh key; none of the old ones opens the room.
        JsonNode reopened = patchOk(room.id(), owner.token(), obj("type", "public", "max_members", 5));
        String key3 = reopened.path("room_key").asText();
        assertTrue(key3.startsWith("rk_"), reopened::toString);
        assertNotEquals(key1, key3);
        assertNotEquals(key2, key3);
        assertError(admin.publicJoin(room.id(), obj("room_key", key1)), 403, "FORBIDDEN");
        assertError(admin.publicJoin(room.id(), obj("room_key", key2)), 403, "FORBIDDEN");
        assertEquals(201, admin.publicJoin(room.id(), obj("room_key", key3, "name", "Fourth")).status());
        assertTrue(listedPublicly(name));
    }

    private static boolean listedPublicly(String name) {
        Api.Res res = admin.publicRooms(name);
        assertEquals(200, res.status(), res::toString);
        return Api.list(res.path("rooms")).stream().anyMatch(r -> name.equals(r.path("name").asText()));
    }

    @Test
    void delete_takesEverythingWithIt() throws Exception {
        Api.Human owner = api.newHuman("Deleter");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Doomed " + System.nanoTime(), "type", "public"));
        assertEquals(201, created.status(), created::toString);
        String roomId = created.path("room").path("id").asText();
        String roomName = created.path("room").path("name").asText();
        String roomKey = created.path("room").path("room_key").asText();
        String adminKey = created.text("admin_key");

        List<String> keys = new ArrayList<>(List.of(adminKey));
        List<String> agents = new ArrayList<>();
        List<String> keyIds = new ArrayList<>(List.of(created.text("admin_key_id")));
        agents.add(api.claim(roomId, adminKey));
        Api.Res rest = admin.inviteOk(roomId, owner.token(), obj("label", "Resty"));
        keys.add(rest.text("key"));
        keyIds.add(rest.text("key_id"));
        agents.add(api.claim(roomId, rest.text("key")));
        Api.Res joiner = admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Joiner"));
        assertEquals(201, joiner.status(), joiner::toString);
        keys.add(joiner.text("key"));
        keyIds.add(joiner.text("key_id"));
        agents.add(api.claim(roomId, joiner.text("key")));
        Api.Res sock = admin.inviteOk(roomId, owner.token(), obj("label", "Socky"));
        keys.add(sock.text("key"));
        keyIds.add(sock.text("key_id"));
        assertEquals(201, api.sendRes(roomId, rest.text("key"), "remember me", "idem-delete-1").status());
        api.send(roomId, joiner.text("key"), "and me");

        try (WsClient socket = WsClient.openAndJoin(server, "Socky", roomId, sock.text("key"));
             WsClient watcher = WsClient.open(server, "owner watching")) {
            agents.add(admin.invite(roomId, owner.token(), sock.text("key_id")).orElseThrow().path("claimed_by").asText());
            watcher.watch(roomId, owner.token(), null);
            watcher.awaitFrame(WsClient.type("watching"));
            List<JsonNode> history = api.readAll(roomId, rest.text("key"));
            int events = history.size();
            long lastSeq = history.get(history.size() - 1).path("seq").asLong();
            // An agent waiting in a long-poll when the room goes.
            CompletableFuture<Api.Res> waiting = CompletableFuture.supplyAsync(
                    () -> api.read(roomId, joiner.text("key"), "after_seq=" + lastSeq + "&wait=20"));
            Thread.sleep(300);

            Api.Res deleted = admin.deleteRoom(roomId, owner.token());
            assertEquals(200, deleted.status(), deleted::toString);
            assertTrue(deleted.path("deleted").asBoolean(), deleted::toString);
            assertEquals(roomId, deleted.text("room_id"), deleted::toString);
            assertEquals(keys.size(), deleted.path("keys").asInt(), deleted::toString);
            assertEquals(events, deleted.path("events").asInt(), deleted::toString);
            assertEquals(2, deleted.path("connections").asInt(), () -> "the agent's and the owner's sockets: " + deleted);

            // The live sockets are told and closed.
            socket.awaitFrame(WsClient.type("error"));
            socket.awaitClosed();
            watcher.awaitFrame(WsClient.type("error"));
            watcher.awaitClosed();
            // The long-poll does not sit out its 20 s on a room that is gone.
            Api.Res ended = waiting.get(5, TimeUnit.SECONDS);
            assertTrue(ended.status() == 404 || ended.status() == 401, ended::toString);
        }

        // Every key of the room is unknown now, on every agent route.
        for (String key : keys) {
            assertError(api.read(roomId, key, ""), 401, "UNAUTHORIZED");
            assertError(api.sendRes(roomId, key, "anyone?"), 401, "UNAUTHORIZED");
            assertError(api.heartbeat(roomId, key, null), 401, "UNAUTHORIZED");
            assertError(admin.listInvites(roomId, key), 401, "UNAUTHORIZED");
        }
        try (WsClient late = WsClient.open(server, "late")) {
            JsonNode reply = late.joinAnswer(roomId, sock.text("key"), null, null);
            assertEquals("error", reply.path("type").asText(), reply::toString);
        }
        // The room is gone for its owner, and no new key can be made to read what it held.
        assertError(api.roomInfo(roomId, owner.token()), 404, "NOT_FOUND");
        assertError(admin.listInvites(roomId, owner.token()), 404, "NOT_FOUND");
        assertError(api.inviteRes(roomId, owner.token(), obj("label", "Archaeologist")), 404, "NOT_FOUND");
        assertError(admin.patch(roomId, owner.token(), obj("name", "Zombie")), 404, "NOT_FOUND");
        assertError(admin.deleteRoom(roomId, owner.token()), 404, "NOT_FOUND");
        assertFalse(admin.ownerLists(owner.token(), roomId));
        // Nor can anyone find or join it publicly.
        assertError(admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Newcomer")), 404, "NOT_FOUND");
        Api.Res listing = admin.publicRooms(roomName);
        assertEquals(0, listing.path("rooms").size(), listing::toString);

        // And nothing of it is left in any table.
        List<String> traces = new ArrayList<>(List.of(roomId));
        traces.addAll(agents);
        traces.addAll(keyIds);
        keys.forEach(k -> traces.add(Api.sha256Hex(k)));
        traces.add(Api.sha256Hex(roomKey));
        assertEquals(Set.of(), leftovers(traces), "items of the deleted room are still stored");
    }

    @Test
    void delete_givesTheOwnerTheirRoomBack() {
        Api.Human owner = api.newHuman("Counter");
        List<Api.Room> rooms = new ArrayList<>();
        for (int i = 1; i <= ROOMS_PER_USER; i++) {
            rooms.add(api.createRoom(owner.token(), "Room " + i));
        }
        assertError(api.createRoomRes(owner.token(), obj("name", "One too many")), 409, "LIMIT_EXCEEDED");

        // Deleted by the room's admin agent this time.
        Api.Res deleted = admin.deleteRoom(rooms.get(1).id(), rooms.get(1).adminKey());
        assertEquals(200, deleted.status(), deleted::toString);
        assertFalse(admin.ownerLists(owner.token(), rooms.get(1).id()));
        Api.Room again = api.createRoom(owner.token(), "Room again");
        assertNotNull(again.id());
        assertError(api.createRoomRes(owner.token(), obj("name", "Still one too many")), 409, "LIMIT_EXCEEDED");

        Api.Res list = api.get("/rooms", owner.token());
        assertEquals(ROOMS_PER_USER, list.path("rooms").size(), list::toString);
    }

    /**
     * Scans every table of the server's embedded DynamoDB for items that mention any of the
     * traces. (The store is private to the server; reaching it by reflection is the only way to
     * check "gone from every table" from outside.)
     */
    private static Set<String> leftovers(List<String> traces) throws Exception {
        Field field = AgentChatServer.class.getDeclaredField("dynamo");
        field.setAccessible(true);
        DynamoDbClient db = ((AmazonDynamoDBLocal) field.get(server)).dynamoDbClient();
        Set<String> found = new TreeSet<>();
        for (String table : db.listTablesPaginator().tableNames()) {
            for (Map<String, AttributeValue> item : db.scanPaginator(r -> r.tableName(table)).items()) {
                String text = item.toString();
                for (String trace : traces) {
                    if (text.contains(trace)) {
                        found.add(table + ": " + trace + " in " + text);
                    }
                }
            }
        }
        return found;
    }
}
