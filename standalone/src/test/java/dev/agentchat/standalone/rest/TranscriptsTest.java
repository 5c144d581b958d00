package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.store.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * SPEC §14 over real HTTP: exports (Markdown and JSON, whole history in order, in bounded parts),
 * search ({@code q}, {@code from}, newest first, paged backwards within a bounded scan), the
 * public preview for signed-in humans, and {@code retention_days} (a TTL attribute on each event
 * that DynamoDB Local's TTL job acts on). Small bounds make the parts and pages show.
 */
@RunningServer(env = {"LIMIT_EXPORT_BYTES=1000", "LIMIT_SEARCH_SCAN_EVENTS=10", "LIMIT_AGENT_TURN_BUDGET=0"})
class TranscriptsTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    @Inject
    private static StoredState state;

    private static Api.Res export(String roomId, String auth, String query) {
        return api.get("/rooms/" + roomId + "/export?" + query, auth);
    }

    @Test
    void export_markdown_holdsTheConversationInOrder_withDeletedTextLeftOut() {
        Api.Human owner = api.newHuman("Exporter");
        Api.Room room = api.createRoom(owner.token(), "Export *room*");
        String agent = api.invite(room.id(), owner.token(), "Scribe");
        api.send(room.id(), agent, "first line");
        long secret = api.send(room.id(), agent, "deleted words").path("seq").asLong();
        api.send(room.id(), agent, "**third** line");
        assertEquals(200, api.request("DELETE", "/rooms/" + room.id() + "/messages/" + secret, owner.token(), null,
                Map.of()).status());

        Api.Res md = export(room.id(), owner.token(), "format=markdown");
        assertEquals(200, md.status(), md::toString);
        assertTrue(md.header("Content-Type").startsWith("text/markdown"), md::toString);
        assertTrue(md.header("Content-Disposition").startsWith("attachment; filename=\"agentchat-export-room-"),
                () -> md.header("Content-Disposition"));
        String text = md.raw();
        assertTrue(text.startsWith("# Export \\*room\\*"), text);
        int first = text.indexOf("first line");
        int third = text.indexOf("**third** line");
        assertTrue(first > 0 && third > first, text);
        assertFalse(text.contains("deleted words"), text);
        assertTrue(text.contains("*(message deleted)*"), text);
        assertTrue(text.contains("Scribe joined"), text);
        assertEquals("false", md.header("X-Export-Has-More"));
    }

    @Test
    void export_json_ofALongHistory_comesInBoundedPartsThatMissNothing() {
        Api.Human owner = api.newHuman("LongExport");
        Api.Room room = api.createRoom(owner.token(), "Long export");
        String agent = api.invite(room.id(), owner.token(), "Talker");
        for (int i = 0; i < 12; i++) {
            api.send(room.id(), agent, "message " + i + " " + "x".repeat(150));
        }
        api.claim(room.id(), room.adminKey()); // its first use is a join: before the history is counted
        long head = api.readAll(room.id(), agent).size();
        List<Long> seqs = new ArrayList<>();
        long after = 0;
        for (int part = 0; part < 50; part++) {
            Api.Res res = export(room.id(), room.adminKey(), "format=json&after_seq=" + after);
            assertEquals(200, res.status(), res::toString);
            assertTrue(res.header("Content-Type").startsWith("application/json"), res::toString);
            assertTrue(res.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 2000, "a part over the bound");
            assertEquals("Long export", res.path("room").path("name").asText());
            res.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
            after = res.path("next_seq").asLong();
            if (!res.path("has_more").asBoolean()) {
                assertEquals(Api.range(1, head), seqs);
                assertTrue(part > 0, "the bound never split the export");
                return;
            }
            assertEquals(Long.toString(after), res.header("X-Export-Next-Seq"));
        }
        fail("the export never ended");
    }

    @Test
    void export_isForEveryHumanOfTheRoom_membersToo_andARemovedOneIsRefused() {
        Api.Human owner = api.newHuman("ExportHumansOwner");
        Api.Human moderator = api.newHuman("ExportHumansMod");
        Api.Human member = api.newHuman("ExportHumansMember");
        Api.Room room = api.createRoom(owner.token(), "Export for humans");
        api.addHuman(room.id(), owner.token(), moderator, "moderator");
        api.addHuman(room.id(), owner.token(), member, "member");
        assertEquals(201, api.post("/rooms/" + room.id() + "/messages", member.token(),
                obj("content", "A member's note")).status());
        for (Api.Human human : List.of(owner, moderator, member)) {
            Api.Res md = export(room.id(), human.token(), "format=markdown");
            assertEquals(200, md.status(), () -> human.name() + ": " + md);
            assertTrue(md.raw().contains("A member's note"), md::raw);
        }
        assertEquals(200, api.request("DELETE", "/rooms/" + room.id() + "/humans/" + member.id(), owner.token(),
                null, Map.of()).status());
        assertError(export(room.id(), member.token(), "format=json"), 404, "NOT_FOUND");
    }

    @Test
    void export_whenRefused_saysWhy() {
        Api.Human owner = api.newHuman("ExportRefused");
        Api.Room room = api.createRoom(owner.token(), "Export refused");
        String member = api.invite(room.id(), owner.token(), "Member");
        assertError(export(room.id(), member, "format=json"), 403, "FORBIDDEN");
        assertError(export(room.id(), owner.token(), "format=xml"), 400, "BAD_REQUEST");
        assertError(export(room.id(), owner.token(), "after_seq=-1"), 400, "BAD_REQUEST");
        assertError(export(room.id(), api.newHuman("ExportStranger").token(), "format=json"), 404, "NOT_FOUND");
    }

    private static Api.Res search(String roomId, String auth, String query) {
        return api.read(roomId, auth, query);
    }

    private static List<String> contents(Api.Res res) {
        List<String> out = new ArrayList<>();
        res.path("messages").forEach(m -> out.add(m.path("content").asText()));
        return out;
    }

    @Test
    void search_findsContentAndNames_caseInsensitively_newestFirst() {
        Api.Human owner = api.newHuman("Searcher");
        Api.Room room = api.createRoom(owner.token(), "Search room");
        String ada = api.invite(room.id(), owner.token(), "Ada");
        String bob = api.invite(room.id(), owner.token(), "Bob");
        String bobId = api.claim(room.id(), bob);
        api.send(room.id(), ada, "Deploy the API today");
        api.send(room.id(), bob, "lunch?");
        long hidden = api.send(room.id(), ada, "the api key is hunter2").path("seq").asLong();
        api.send(room.id(), bob, "The Api is down");
        assertEquals(200, api.request("DELETE", "/rooms/" + room.id() + "/messages/" + hidden, owner.token(), null,
                Map.of()).status());

        List<String> hits = new ArrayList<>();
        long before = 0;
        for (int page = 0; page < 20; page++) {
            Api.Res res = search(room.id(), ada, "q=aPi&limit=5" + (before > 0 ? "&before_seq=" + before : ""));
            assertEquals(200, res.status(), res::toString);
            hits.addAll(contents(res));
            assertTrue(res.path("scanned").asInt() <= 10, res::toString);
            if (!res.path("has_more").asBoolean()) {
                break;
            }
            before = res.path("next_before_seq").asLong();
        }
        assertEquals(List.of("The Api is down", "Deploy the API today"), hits);

        Api.Res byName = search(room.id(), owner.token(), "q=BOB");
        assertEquals(List.of("The Api is down", "lunch?"), contents(byName));
        Api.Res bySender = search(room.id(), owner.token(), "from=" + bobId + "&q=api");
        assertEquals(List.of("The Api is down"), contents(bySender));
    }

    @Test
    void search_pagesBackThroughALongRoom_withoutRepeatsOrGaps() {
        Api.Human owner = api.newHuman("DeepSearch");
        Api.Room room = api.createRoom(owner.token(), "Deep search");
        String agent = api.invite(room.id(), owner.token(), "Deep");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String content = i % 2 == 0 ? "needle " + i : "hay " + i;
            api.send(room.id(), agent, content);
            if (i % 2 == 0) {
                expected.add(0, content);
            }
        }
        List<String> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long before = 0;
        int requests = 0;
        while (requests++ < 50) {
            Api.Res res = search(room.id(), owner.token(), "q=NEEDLE&limit=4" + (before > 0 ? "&before_seq=" + before : ""));
            assertEquals(200, res.status(), res::toString);
            res.path("messages").forEach(m -> assertTrue(seen.add(m.path("seq").asLong()), "repeated " + m));
            found.addAll(contents(res));
            if (!res.path("has_more").asBoolean()) {
                break;
            }
            before = res.path("next_before_seq").asLong();
        }
        assertEquals(expected, found);
        assertTrue(requests > 2, "the bounded scan never paged");
    }

    @Test
    void search_whenMalformed_isA400() {
        Api.Human owner = api.newHuman("BadSearch");
        Api.Room room = api.createRoom(owner.token(), "Bad search");
        assertError(search(room.id(), owner.token(), "q=x&after_seq=3"), 400, "BAD_REQUEST");
        assertError(search(room.id(), owner.token(), "q=x&wait=5"), 400, "BAD_REQUEST");
        assertError(search(room.id(), owner.token(), "q=" + "x".repeat(201)), 400, "BAD_REQUEST");
        assertError(search(room.id(), owner.token(), "q=x&limit=101"), 400, "BAD_REQUEST");
        assertError(search(room.id(), owner.token(), "from=bob"), 400, "BAD_REQUEST");
        assertError(search(room.id(), owner.token(), "q=%20"), 400, "BAD_REQUEST");
    }

    @Test
    void publicPreview_isForSignedInHumans_andOnlyOfPublicRooms() {
        Api.Human owner = api.newHuman("PreviewOwner");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Preview me", "type", "public"));
        String roomId = created.path("room").path("id").asText();
        api.send(roomId, created.text("admin_key"), "hello, onlookers");
        Api.Room closed = api.createRoom(owner.token(), "Private one");
        String visitor = api.newHuman("Visitor").token();

        Api.Res preview = api.get("/public-rooms/" + roomId + "/messages", visitor);
        assertEquals(200, preview.status(), preview::toString);
        assertEquals("Preview me", preview.path("room").path("name").asText());
        assertTrue(contents(preview).contains("hello, onlookers"), preview::toString);
        assertFalse(preview.raw().contains("rk_") || preview.raw().contains("ak_"), preview::toString);
        assertError(api.get("/public-rooms/" + closed.id() + "/messages", visitor), 404, "NOT_FOUND");
        assertError(api.get("/public-rooms/" + roomId + "/messages", null), 401, "UNAUTHORIZED");
        assertError(api.get("/public-rooms/" + roomId + "/messages", created.text("admin_key")), 401, "UNAUTHORIZED");
    }

    private static Map<String, AttributeValue> storedEvent(String roomId, long seq) {
        return server.dynamoDb().getItem(GetItemRequest.builder().tableName(state.name(Tables.EVENTS))
                .key(Map.of("room_id", AttributeValue.fromS(roomId), "seq", AttributeValue.fromN(Long.toString(seq))))
                .consistentRead(true).build()).item();
    }

    @Test
    void retention_stampsNewEventsWithAnExpiry_thatDynamoDbActsOn() throws InterruptedException {
        Api.Human owner = api.newHuman("Retainer");
        Api.Room room = api.createRoom(owner.token(), "Retention room");
        String agent = api.invite(room.id(), owner.token(), "Ephemeral");
        long before = api.send(room.id(), agent, "kept forever").path("seq").asLong();
        assertNull(api.roomInfo(room.id(), owner.token()).path("room").path("retention_days").numberValue());

        Api.Res set = admin.patch(room.id(), owner.token(), obj("retention_days", 1));
        assertEquals(200, set.status(), set::toString);
        assertEquals(1, set.path("room").path("retention_days").asInt(), set::toString);
        JsonNode sent = api.send(room.id(), agent, "gone in a day");
        long seq = sent.path("seq").asLong();
        long stamped = Instant.parse(sent.path("timestamp").asText()).getEpochSecond();
        assertEquals(Long.toString(stamped + 86_400), storedEvent(room.id(), seq).get("expires_at").n());
        assertFalse(storedEvent(room.id(), before).containsKey("expires_at"), "an older event got an expiry");

        // A day later, as far as the TTL attribute says: DynamoDB (Local's TTL job) deletes it.
        server.dynamoDb().updateItem(UpdateItemRequest.builder().tableName(state.name(Tables.EVENTS))
                .key(Map.of("room_id", AttributeValue.fromS(room.id()), "seq", AttributeValue.fromN(Long.toString(seq))))
                .updateExpression("SET expires_at = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(
                        Long.toString(Instant.now().getEpochSecond() - 5)))).build());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!storedEvent(room.id(), seq).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the expired event is still stored after 30 s");
            }
            Thread.sleep(200);
        }
        assertFalse(storedEvent(room.id(), before).isEmpty(), "an event without expiry went too");
        assertTrue(api.readAll(room.id(), agent).stream().noneMatch(e -> e.path("seq").asLong() == seq));

        Api.Res off = admin.patch(room.id(), owner.token(), obj("retention_days", 0));
        assertTrue(off.path("room").path("retention_days").isNull(), off::toString);
        long later = api.send(room.id(), agent, "forever again").path("seq").asLong();
        assertFalse(storedEvent(room.id(), later).containsKey("expires_at"));
        assertError(admin.patch(room.id(), owner.token(), obj("retention_days", 3651)), 400, "BAD_REQUEST");
        assertError(admin.patch(room.id(), owner.token(), obj("retention_days", "week")), 400, "BAD_REQUEST");
    }
}
