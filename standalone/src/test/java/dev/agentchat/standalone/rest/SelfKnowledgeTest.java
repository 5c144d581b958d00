package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an agent knows of itself (SPEC §4 "Agent conveniences", §10), over real HTTP, WebSocket
 * and MCP: {@code you} with its principal on every read, room info and {@code joined};
 * {@code "own":true} on what the reader wrote, and {@code exclude_own=true}.
 */
@RunningServer
class SelfKnowledgeTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    private static void assertYou(JsonNode you, String agentId, String name, Api.Human principal) {
        assertEquals(agentId, you.path("agent_id").asText(), you::toString);
        assertEquals(name, you.path("name").asText(), you::toString);
        if (principal == null) {
            assertTrue(you.has("principal") && you.path("principal").isNull(), you::toString);
        } else {
            assertEquals(principal.id(), you.path("principal").path("user_id").asText(), you::toString);
            assertEquals(principal.name(), you.path("principal").path("name").asText(), you::toString);
        }
    }

    /** A JSON-RPC tools/call over real HTTP; returns the tool result. */
    static JsonNode mcpTool(String key, String tool, Map<String, Object> arguments) {
        Api.Res res = api.request("POST", "/mcp", key, obj("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", obj("name", tool, "arguments", arguments)), Map.of("Accept", "application/json, text/event-stream"));
        assertEquals(200, res.status(), res::toString);
        JsonNode result = res.path("result");
        assertEquals(false, result.path("isError").asBoolean(true), res::toString);
        return result;
    }

    @Test
    void you_namesTheAgentAndItsPrincipal_onReadsLongPollsRoomInfoJoinedAndMcp() {
        Api.Human owner = api.newHuman("Principal");
        Api.Room room = api.createRoom(owner.token(), "Self knowledge");
        String ownerInvite = api.invite(room.id(), owner.token(), "Scout");
        String adminInvite = api.invite(room.id(), room.adminKey(), "Courier");

        Api.Res read = api.read(room.id(), ownerInvite, "");
        assertEquals(200, read.status(), read::toString);
        String scoutId = read.path("you").path("agent_id").asText();
        assertTrue(scoutId.startsWith("agt_"), read::toString);
        assertYou(read.path("you"), scoutId, "Scout", owner);

        Api.Res adminRead = api.read(room.id(), room.adminKey(), "");
        String adminId = adminRead.path("you").path("agent_id").asText();
        assertYou(adminRead.path("you"), adminId, adminRead.path("you").path("name").asText(), owner);

        Api.Res longPoll = api.read(room.id(), ownerInvite, "after_seq=" + read.path("next_seq").asLong() + "&wait=1");
        assertEquals(0, longPoll.path("messages").size(), longPoll::toString);
        assertYou(longPoll.path("you"), scoutId, "Scout", owner);

        Api.Res info = api.roomInfo(room.id(), ownerInvite);
        assertYou(info.path("you"), scoutId, "Scout", owner);
        Api.Res ownerInfo = api.roomInfo(room.id(), owner.token());
        assertTrue(!ownerInfo.json().has("you"), () -> "a human is not an agent: " + ownerInfo);

        // An invite made with an admin key inherits that key's principal.
        try (WsClient courier = WsClient.open(server, "courier")) {
            JsonNode joined = courier.joinAndAwait(room.id(), adminInvite, null, null);
            assertYou(joined.path("you"), joined.path("agent_id").asText(), "Courier", owner);
        }

        JsonNode mcpRead = mcpTool(ownerInvite, "read_messages", obj());
        assertYou(mcpRead.path("structuredContent").path("you"), scoutId, "Scout", owner);
        JsonNode mcpInfo = mcpTool(ownerInvite, "room_info", obj());
        assertYou(mcpInfo.path("structuredContent").path("you"), scoutId, "Scout", owner);
        String text = mcpInfo.path("content").path(0).path("text").asText();
        assertTrue(text.contains("Your principal is " + owner.name() + " (user_id " + owner.id() + ")"), text);
    }

    @Test
    void you_hasANullPrincipal_forAKeyFromAPublicRoomsJoin() {
        Api.Human owner = api.newHuman("PublicOwner");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Open door", "type", "public"));
        String roomId = created.path("room").path("id").asText();
        Api.Res joined = api.post("/rooms/" + roomId + "/join", null,
                obj("room_key", created.path("room").path("room_key").asText(), "name", "Walk-in"));
        assertEquals(201, joined.status(), joined::toString);

        Api.Res read = api.read(roomId, joined.text("key"), "");
        assertYou(read.path("you"), read.path("you").path("agent_id").asText(), "Walk-in", null);
    }

    private static List<String> contents(JsonNode messages) {
        return Api.list(messages).stream().filter(m -> "message".equals(m.path("type").asText()))
                .map(m -> m.path("content").asText()).toList();
    }

    private static JsonNode byContent(JsonNode messages, String content) {
        return Api.list(messages).stream().filter(m -> content.equals(m.path("content").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + content + " in " + messages));
    }

    @Test
    void own_marksWhatTheReaderWrote_andExcludeOwnLeavesItOut_withCursorsCoveringIt() {
        Api.Human owner = api.newHuman("OwnReader");
        Api.Room room = api.createRoom(owner.token(), "Own events");
        String ana = api.invite(room.id(), owner.token(), "Ana");
        String ben = api.invite(room.id(), owner.token(), "Ben");
        api.send(room.id(), ana, "from Ana");
        api.send(room.id(), ben, "from Ben");
        JsonNode mine = api.send(room.id(), ana, "Ana again");
        api.send(room.id(), owner.token(), "from the owner");

        Api.Res all = api.read(room.id(), ana, "after_seq=0");
        assertEquals(List.of("from Ana", "from Ben", "Ana again", "from the owner"), contents(all.path("messages")));
        assertTrue(byContent(all.path("messages"), "from Ana").path("own").asBoolean(), all::toString);
        assertTrue(byContent(all.path("messages"), "Ana again").path("own").asBoolean(), all::toString);
        assertFalse(byContent(all.path("messages"), "from Ben").has("own"), all::toString);
        Api.list(all.path("messages")).stream().filter(m -> !"message".equals(m.path("type").asText()))
                .forEach(m -> assertFalse(m.has("own"), () -> "a join is the server's, not the agent's: " + m));

        Api.Res others = api.read(room.id(), ana, "after_seq=0&exclude_own=true");
        assertEquals(List.of("from Ben", "from the owner"), contents(others.path("messages")));
        assertEquals(all.path("next_seq"), others.path("next_seq"), others::toString);

        // Only the caller's own message after the cursor: an empty page whose cursor moves past it.
        Api.Res skipped = api.read(room.id(), ana, "after_seq=" + (mine.path("seq").asLong() - 1)
                + "&limit=1&exclude_own=true");
        assertEquals(0, skipped.path("messages").size(), skipped::toString);
        assertEquals(mine.path("seq").asLong(), skipped.path("next_seq").asLong(), skipped::toString);
        assertTrue(skipped.path("has_more").asBoolean(), skipped::toString);

        // A human reading with a session sees their own posts marked too.
        Api.Res human = api.read(room.id(), owner.token(), "after_seq=0");
        assertTrue(byContent(human.path("messages"), "from the owner").path("own").asBoolean(), human::toString);
        assertFalse(byContent(human.path("messages"), "from Ana").has("own"), human::toString);
        assertEquals(List.of("from Ana", "from Ben", "Ana again"),
                contents(api.read(room.id(), owner.token(), "after_seq=0&exclude_own=true").path("messages")));

        try (WsClient socket = WsClient.open(server, "ana's socket")) {
            JsonNode joined = socket.joinAndAwait(room.id(), ana, null, 0L);
            assertTrue(byContent(joined.path("history"), "Ana again").path("own").asBoolean(), joined::toString);
            assertFalse(byContent(joined.path("history"), "from Ben").has("own"), joined::toString);
        }

        JsonNode mcp = mcpTool(ana, "read_messages", obj("after_seq", 0, "exclude_own", true));
        assertEquals(List.of("from Ben", "from the owner"), contents(mcp.path("structuredContent").path("messages")));
        JsonNode mcpAll = mcpTool(ana, "read_messages", obj("after_seq", 0));
        assertTrue(mcpAll.path("content").path(0).path("text").asText().contains("Ana (you) [agent]: Ana again"),
                mcpAll::toString);
    }

    @Test
    void excludeOwn_longPoll_waitsPastTheCallersOwnMessage_forSomeoneElses() throws Exception {
        Api.Human owner = api.newHuman("OwnWaiter");
        Api.Room room = api.createRoom(owner.token(), "Own long-poll");
        String ana = api.invite(room.id(), owner.token(), "Ana");
        String ben = api.invite(room.id(), owner.token(), "Ben");
        api.claim(room.id(), ben);
        long head = api.read(room.id(), ana, "").path("next_seq").asLong();

        CompletableFuture<Api.Res> poll = CompletableFuture.supplyAsync(() ->
                api.read(room.id(), ana, "after_seq=" + head + "&wait=20&exclude_own=true"));
        Thread.sleep(1_000);
        api.send(room.id(), ana, "talking to myself");
        Thread.sleep(1_500);
        assertFalse(poll.isDone(), () -> "the long-poll woke for the caller's own message: " + poll.join());
        api.send(room.id(), ben, "an answer");

        Api.Res woke = poll.get(15, TimeUnit.SECONDS);
        assertEquals(200, woke.status(), woke::toString);
        assertEquals(List.of("an answer"), contents(woke.path("messages")));
        assertEquals(head + 2, woke.path("next_seq").asLong(), woke::toString);
    }

    @Test
    void excludeOwn_withABadValue_isA400_onRestAndMcp() {
        Api.Human owner = api.newHuman("OwnBad");
        Api.Room room = api.createRoom(owner.token(), "Own refusals");
        String ana = api.invite(room.id(), owner.token(), "Ana");
        for (String bad : List.of("yes", "1", "TRUEISH", "on")) {
            assertError(api.read(room.id(), ana, "exclude_own=" + bad), 400, "BAD_REQUEST");
        }
        Api.Res res = api.request("POST", "/mcp", ana, obj("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", obj("name", "read_messages", "arguments", obj("exclude_own", "yes"))),
                Map.of("Accept", "application/json, text/event-stream"));
        assertTrue(res.path("result").path("isError").asBoolean(), res::toString);
        assertTrue(res.path("result").path("content").path(0).path("text").asText().contains("BAD_REQUEST"), res::toString);
        // Refused reads claimed nothing: the key has not joined.
        assertEquals(0, api.roomInfo(room.id(), owner.token()).path("agents").size());
        assertEquals(200, api.read(room.id(), ana, "exclude_own=false").status());
        assertEquals(200, api.read(room.id(), ana, "exclude_own=").status());
    }

    private static List<String> ids(JsonNode message) {
        assertTrue(message.path("mentions").isArray(), () -> "every message object has mentions: " + message);
        return Api.list(message.path("mentions")).stream().map(JsonNode::asText).toList();
    }

    @Test
    void mentions_areParsedAtWriteTime_overRestWsMcpAndHumanPosts_andMentionsMeFindsThem() {
        Api.Human owner = api.newHuman("MentionOwner");
        Api.Room room = api.createRoom(owner.token(), "Mentions");
        String ana = api.invite(room.id(), owner.token(), "Ana");
        String anaMaria = api.invite(room.id(), owner.token(), "Ana Maria");
        String bo = api.invite(room.id(), owner.token(), "Bo (2)");
        String anaId = api.claim(room.id(), ana);
        String anaMariaId = api.claim(room.id(), anaMaria);
        try (WsClient boSocket = WsClient.open(server, "bo")) {
            String boId = boSocket.joinAndAwait(room.id(), bo, null, null).path("agent_id").asText();

            JsonNode first = api.send(room.id(), ana, "@ana maria can you check? cc @BO (2)");
            assertEquals(List.of(anaMariaId, boId), ids(first), "the longest name wins: " + first);
            JsonNode live = boSocket.awaitFrame(WsClient.messageWithId(first.path("id").asText()));
            assertEquals(List.of(anaMariaId, boId), ids(live), live::toString);

            JsonNode fromWs = boSocket.say("@" + owner.name() + " please look, mail me at bo@example.com");
            assertEquals(List.of(owner.id()), ids(fromWs), fromWs::toString);
            JsonNode human = api.send(room.id(), owner.token(), "@Ana go ahead");
            assertEquals(List.of(anaId), ids(human), human::toString);
            JsonNode mcp = mcpTool(anaMaria, "send_message", obj("content", "@" + boId + " ok"))
                    .path("structuredContent");
            assertEquals(List.of(boId), ids(mcp), mcp::toString);
            JsonNode plain = api.send(room.id(), ana, "no one in particular, @nobody");
            assertEquals(List.of(), ids(plain), plain::toString);

            // Stored as parsed: every read shows the same list.
            Api.Res all = api.read(room.id(), ana, "after_seq=0");
            assertEquals(List.of(anaMariaId, boId), ids(byContent(all.path("messages"), first.path("content").asText())));
            assertEquals(List.of(), ids(Api.list(all.path("messages")).get(0)), "a join mentions nobody");

            assertEquals(List.of("@Ana go ahead"), contents(api.read(room.id(), ana, "after_seq=0&mentions=me")
                    .path("messages")));
            assertEquals(List.of(first.path("content").asText(), mcp.path("content").asText()),
                    contents(api.read(room.id(), bo, "after_seq=0&mentions=me").path("messages")));
            Api.Res ownerMentions = api.read(room.id(), owner.token(), "after_seq=0&mentions=me");
            assertEquals(List.of(fromWs.path("content").asText()), contents(ownerMentions.path("messages")));
            assertEquals(all.path("next_seq"), ownerMentions.path("next_seq"), "the cursor covers the whole page");

            JsonNode mcpMentions = mcpTool(bo, "read_messages", obj("after_seq", 0, "mentions_only", true));
            assertEquals(List.of(first.path("content").asText(), mcp.path("content").asText()),
                    contents(mcpMentions.path("structuredContent").path("messages")));

            assertError(api.read(room.id(), ana, "mentions=you"), 400, "BAD_REQUEST");
            assertError(api.read(room.id(), ana, "mentions=" + anaId), 400, "BAD_REQUEST");
        }
    }
}
