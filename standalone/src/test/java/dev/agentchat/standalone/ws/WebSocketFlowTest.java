package dev.agentchat.standalone.ws;

import static dev.agentchat.standalone.support.Api.list;
import static dev.agentchat.standalone.support.Api.obj;
import static dev.agentchat.standalone.support.Api.range;
import static dev.agentchat.standalone.support.Api.seqs;
import static dev.agentchat.standalone.support.Api.withoutOwn;
import static dev.agentchat.standalone.support.WsClient.assertMessageFrame;
import static dev.agentchat.standalone.support.WsClient.assertSameMessage;
import static dev.agentchat.standalone.support.WsClient.joinedBy;
import static dev.agentchat.standalone.support.WsClient.leftBy;
import static dev.agentchat.standalone.support.WsClient.messageWithId;
import static dev.agentchat.standalone.support.WsClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket API end to end over real sockets (the JDK client) against the standalone
 * server: join, fan-out, REST ↔ WebSocket, presence frames, replacement, reconnecting without
 * gaps, bad frames, watchers, joining on connect, and client_id idempotency.
 *
 * <p>Absence of a frame ("no duplicate", "no agent_left") is checked after a barrier: a later
 * event of the same room that the connection has received. Events reach each connection in seq
 * order, so a frame that was going to arrive would have arrived before the barrier.
 */
@RunningServer
class WebSocketFlowTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    /** A room owned by a new human, with a REST agent ("Reader") already claimed to read it back. */
    private record Setup(Api.Human owner, String roomId, String readerKey, String readerId) {
        String invite(String label) {
            return api.invite(roomId, owner.token(), label);
        }

        List<JsonNode> events() {
            return api.readAll(roomId, readerKey);
        }

        JsonNode event(String id) {
            return events().stream().filter(e -> id.equals(e.path("id").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no event " + id + " over REST"));
        }

        JsonNode agentInfo(String agentId) {
            Api.Res info = api.roomInfo(roomId, owner.token());
            assertEquals(200, info.status(), info::toString);
            return findAgent(info.path("agents"), agentId);
        }
    }

    private static Setup setup(String tag) {
        Api.Human owner = api.newHuman(tag);
        String roomId = api.createRoom(owner.token(), "WS " + tag).id();
        String readerKey = api.invite(roomId, owner.token(), "Reader");
        String readerId = api.claim(roomId, readerKey);
        return new Setup(owner, roomId, readerKey, readerId);
    }

    private static JsonNode findAgent(JsonNode agents, String agentId) {
        for (JsonNode agent : agents) {
            if (agentId.equals(agent.path("agent_id").asText())) {
                return agent;
            }
        }
        throw new AssertionError("agent " + agentId + " not in " + agents);
    }

    private static List<String> ids(List<JsonNode> events) {
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private static long seq(JsonNode frame) {
        return frame.path("seq").asLong();
    }

    // ---------------------------------------------------------------- join / joined

    @Test
    void oneSocketIsOneAgent_aSecondKeyIsRefused_andRestCallsKeepTheAgentOnWebsocket() {
        Setup s = setup("one-identity");
        String keyA = s.invite("Ann");
        String keyB = s.invite("Ben");
        try (WsClient a = WsClient.open(server, "ann")) {
            JsonNode joined = a.joinAndAwait(s.roomId(), keyA, null, null);
            String annId = joined.path("agent_id").asText();
            a.expectError(Api.write(Api.obj("type", "join", "room", s.roomId(), "key", keyB)), "BAD_REQUEST");
            a.assertAlive();
            // Re-joining with its own key is fine (e.g. to fetch history again).
            a.joinAndAwait(s.roomId(), keyA, null, null);

            // A REST call by the same agent while its socket is open leaves it on the socket.
            assertEquals(201, api.sendRes(s.roomId(), keyA, "hello over REST too").status());
            JsonNode info = s.agentInfo(annId);
            assertEquals("connected", info.path("status").asText(), info::toString);
            assertEquals("websocket", info.path("connection_type").asText(), info::toString);
        }
    }

    @Test
    void join_repliesJoined_withMembersAndTheLast20Events_orEverythingAfterAfterSeq() {
        Setup s = setup("joined");
        for (int i = 0; i < 25; i++) {
            api.send(s.roomId(), s.readerKey(), "rest message " + i);
        }
        String wsKey = s.invite(null);
        String lateKey = s.invite("Late");
        try (WsClient a = WsClient.open(server, "a"); WsClient late = WsClient.open(server, "late")) {
            JsonNode joined = a.joinAndAwait(s.roomId(), wsKey, "Wendy", null);
            String agentId = joined.path("agent_id").asText();
            assertTrue(agentId.startsWith("agt_"), joined::toString);
            assertEquals(s.roomId(), joined.path("room").asText(), joined::toString);
            assertEquals("Wendy", joined.path("name").asText(), () -> "an unlabelled key takes the name of its join: " + joined);

            // history: the last 20 events, oldest first, exactly as REST has them (our own join included).
            List<JsonNode> all = s.events();
            List<JsonNode> history = list(joined.path("history"));
            assertEquals(withoutOwn(all.subList(all.size() - 20, all.size())), withoutOwn(history),
                    () -> "history is not the last 20 events: " + joined);
            assertEquals(range(seq(all.get(all.size() - 20)), seq(all.get(all.size() - 1))), seqs(history));
            history.forEach(h -> assertTrue(h.has("type"), () -> "history holds message objects with their type: " + h));
            JsonNode ownJoin = history.get(history.size() - 1);
            assertEquals("join", ownJoin.path("type").asText(), joined::toString);
            assertEquals(agentId, ownJoin.path("agent_id").asText(), joined::toString);

            // members: both agents, as room info shows them.
            JsonNode members = joined.path("members");
            assertEquals(2, members.size(), joined::toString);
            JsonNode me = findAgent(members, agentId);
            assertEquals("Wendy", me.path("name").asText(), me::toString);
            assertEquals("member", me.path("role").asText(), me::toString);
            assertEquals("connected", me.path("status").asText(), me::toString);
            assertEquals("websocket", me.path("connection_type").asText(), me::toString);
            assertTrue(Api.TIMESTAMP.matcher(me.path("last_seen").asText()).matches(), me::toString);
            JsonNode reader = findAgent(members, s.readerId());
            assertEquals("Reader", reader.path("name").asText(), reader::toString);
            assertEquals("polling", reader.path("status").asText(), reader::toString);
            assertEquals("rest", reader.path("connection_type").asText(), reader::toString);

            JsonNode info = s.agentInfo(agentId);
            assertEquals("connected", info.path("status").asText(), info::toString);
            assertEquals("websocket", info.path("connection_type").asText(), info::toString);

            // after_seq: everything after it (more than 20), ending with the joiner's own join.
            JsonNode lateJoined = late.joinAndAwait(s.roomId(), lateKey, null, 5L);
            assertEquals("Late", lateJoined.path("name").asText(), "a labelled key keeps its label");
            List<JsonNode> now = s.events();
            List<JsonNode> after5 = now.subList(5, now.size());
            List<JsonNode> lateHistory = list(lateJoined.path("history"));
            assertEquals(range(6, seq(now.get(now.size() - 1))), seqs(lateHistory), lateJoined::toString);
            assertEquals(withoutOwn(after5), withoutOwn(lateHistory), "history after_seq=5 is exactly the events after seq 5");
            assertEquals(lateJoined.path("agent_id").asText(), lateHistory.get(lateHistory.size() - 1).path("agent_id").asText());
            assertEquals(3, lateJoined.path("members").size(), lateJoined::toString);

            // after_seq at the head: an empty history. Joining again on the socket that already
            // speaks for the agent writes no event (issue 19: join frames cannot write to the room).
            long head = seq(now.get(now.size() - 1));
            JsonNode again = late.joinAndAwait(s.roomId(), lateKey, null, head);
            List<JsonNode> rejoinHistory = list(again.path("history"));
            assertEquals(List.of(), rejoinHistory, () -> "nothing lies after the head: " + again);
            assertEquals(now, s.events(), "the rejoin wrote no event");
        }
    }

    // ---------------------------------------------------------------- fan-out

    @Test
    void message_reachesEveryOtherConnectionOnce_andTheSenderOnlyAsItsAck() {
        Setup s = setup("fanout");
        String keyA = s.invite("Alpha");
        String keyB = s.invite("Beta");
        String keyC = s.invite("Gamma");
        try (WsClient a = WsClient.open(server, "alpha"); WsClient b = WsClient.open(server, "beta");
             WsClient c = WsClient.open(server, "gamma"); WsClient w = WsClient.open(server, "watcher")) {
            String aId = a.joinAndAwait(s.roomId(), keyA, null, null).path("agent_id").asText();
            String bId = b.joinAndAwait(s.roomId(), keyB, null, null).path("agent_id").asText();
            c.joinAndAwait(s.roomId(), keyC, null, null);
            w.watchAndAwait(s.roomId(), s.owner().token(), null);

            JsonNode ack = a.say("hello from alpha", "cid-1");
            assertMessageFrame(ack);
            assertEquals("cid-1", ack.path("client_id").asText(), ack::toString);
            assertEquals(aId, ack.path("agent_id").asText(), ack::toString);
            assertEquals("Alpha", ack.path("from_name").asText(), ack::toString);
            assertEquals("agent", ack.path("sender_kind").asText(), ack::toString);
            assertEquals("hello from alpha", ack.path("content").asText(), ack::toString);
            assertEquals(s.roomId(), ack.path("room_id").asText(), ack::toString);
            assertSameMessage(s.event(ack.path("id").asText()), ack);

            for (WsClient other : List.of(b, c, w)) {
                JsonNode copy = other.awaitFrame(messageWithId(ack.path("id").asText()));
                assertMessageFrame(copy);
                assertFalse(copy.has("client_id"), () -> other + " sees the sender's client_id: " + copy);
                assertSameMessage(ack, copy);
            }

            // A message without client_id: still exactly one ack, without client_id.
            a.message("no client id", null);
            JsonNode plainAck = a.awaitFrame(WsClient.messageWithContent("no client id"));
            assertFalse(plainAck.has("client_id"), plainAck::toString);

            // Barrier: Beta speaks last; every connection must see it after everything before it.
            JsonNode ack2 = b.say("beta here", "cid-2");
            for (WsClient other : List.of(a, c, w)) {
                other.awaitFrame(messageWithId(ack2.path("id").asText()));
            }
            String id1 = ack.path("id").asText();
            String idPlain = plainAck.path("id").asText();
            String id2 = ack2.path("id").asText();
            assertEquals(1, a.received(messageWithId(id1)).size(), () -> "alpha got its own message twice: " + a.received());
            assertEquals(1, a.received(messageWithId(idPlain)).size(), () -> "alpha got its own message twice: " + a.received());
            assertEquals(1, b.received(messageWithId(id2)).size(), () -> "beta got its own message twice: " + b.received());
            for (WsClient other : List.of(b, c, w)) {
                assertEquals(1, other.received(messageWithId(id1)).size(), () -> other + ": " + other.received());
                assertEquals(1, other.received(messageWithId(idPlain)).size(), () -> other + ": " + other.received());
            }
            for (WsClient other : List.of(a, c, w)) {
                assertEquals(1, other.received(messageWithId(id2)).size(), () -> other + ": " + other.received());
            }
            // Nobody hears of its own join; the others did.
            assertTrue(a.received(joinedBy(aId)).isEmpty(), () -> "alpha got its own agent_joined: " + a.received());
            assertTrue(b.received(joinedBy(bId)).isEmpty(), () -> "beta got its own agent_joined: " + b.received());
            assertEquals(1, a.received(joinedBy(bId)).size(), () -> "alpha: " + a.received());
            // Seqs of the three messages: consecutive (nothing else happened).
            assertEquals(List.of(seq(ack) + 1, seq(ack) + 2), List.of(seq(plainAck), seq(ack2)));
        }
    }

    // ---------------------------------------------------------------- REST <-> WebSocket

    @Test
    void restMessagesArePushedToSockets_andSocketMessagesAreReadableOverRest() throws Exception {
        Setup s = setup("bridge");
        String wsKey = s.invite("Socky");
        try (WsClient ws = WsClient.open(server, "socky")) {
            String wsId = ws.joinAndAwait(s.roomId(), wsKey, null, null).path("agent_id").asText();

            // REST -> WS
            JsonNode sent = api.send(s.roomId(), s.readerKey(), "over rest");
            JsonNode pushed = ws.awaitFrame(messageWithId(sent.path("id").asText()));
            assertMessageFrame(pushed);
            assertSameMessage(sent, pushed);
            assertEquals(s.readerId(), pushed.path("agent_id").asText(), pushed::toString);
            assertEquals("Reader", pushed.path("from_name").asText(), pushed::toString);

            // WS -> REST
            JsonNode ack = ws.say("over websocket", "ws-1");
            Api.Res read = api.read(s.roomId(), s.readerKey(), "after_seq=" + seq(sent));
            assertEquals(200, read.status(), read::toString);
            assertEquals(1, read.path("messages").size(), read::toString);
            JsonNode overRest = read.path("messages").get(0);
            assertEquals("message", overRest.path("type").asText(), overRest::toString);
            assertEquals(wsId, overRest.path("agent_id").asText(), overRest::toString);
            assertSameMessage(overRest, ack);

            // A REST long-poll waiting on the room wakes up for a WebSocket message.
            CompletableFuture<Api.Res> poll = CompletableFuture.supplyAsync(
                    () -> api.read(s.roomId(), s.readerKey(), "after_seq=" + seq(ack) + "&wait=20"));
            JsonNode ack2 = ws.say("wake up", "ws-2");
            Api.Res woken = poll.get(10, TimeUnit.SECONDS);
            assertEquals(200, woken.status(), woken::toString);
            assertEquals(ack2.path("id").asText(), woken.path("messages").get(0).path("id").asText(), woken::toString);
        }
    }

    // ---------------------------------------------------------------- presence frames

    @Test
    void othersSeeAgentJoinedAndAgentLeft_withTheSeqOfTheRoomEvent() {
        Setup s = setup("presence");
        String keyA = s.invite("Alpha");
        String keyB = s.invite("Beta");
        try (WsClient a = WsClient.open(server, "alpha")) {
            a.joinAndAwait(s.roomId(), keyA, null, null);
            String bId;
            try (WsClient b = WsClient.open(server, "beta")) {
                bId = b.joinAndAwait(s.roomId(), keyB, null, null).path("agent_id").asText();
                JsonNode joined = a.awaitFrame(joinedBy(bId));
                assertEquals("Beta", joined.path("name").asText(), joined::toString);
                assertTrue(Api.TIMESTAMP.matcher(joined.path("timestamp").asText()).matches(), joined::toString);
                List<JsonNode> events = s.events();
                JsonNode joinEvent = events.get(events.size() - 1);
                assertEquals("join", joinEvent.path("type").asText(), joinEvent::toString);
                assertEquals(bId, joinEvent.path("agent_id").asText(), joinEvent::toString);
                assertEquals(seq(joinEvent), seq(joined), "agent_joined carries the seq of the join event");
                assertEquals(joinEvent.path("timestamp").asText(), joined.path("timestamp").asText());

                JsonNode ack = a.say("welcome, beta", "w-1");
                assertEquals(seq(joined) + 1, seq(ack), ack::toString);
                b.awaitFrame(messageWithId(ack.path("id").asText()));
                assertTrue(b.received(joinedBy(bId)).isEmpty(), () -> "the joiner got its own agent_joined: " + b.received());
            }
            JsonNode left = a.awaitFrame(leftBy(bId));
            assertEquals("Beta", left.path("name").asText(), left::toString);
            assertEquals("left", left.path("reason").asText(), left::toString);
            assertTrue(Api.TIMESTAMP.matcher(left.path("timestamp").asText()).matches(), left::toString);
            List<JsonNode> events = s.events();
            JsonNode leaveEvent = events.get(events.size() - 1);
            assertEquals("leave", leaveEvent.path("type").asText(), leaveEvent::toString);
            assertEquals(bId, leaveEvent.path("agent_id").asText(), leaveEvent::toString);
            assertEquals(seq(leaveEvent), seq(left), "agent_left carries the seq of the leave event");
            assertEquals(1, a.received(leftBy(bId)).size(), () -> "one leave, one frame: " + a.received());
            assertNotEquals("connected", s.agentInfo(bId).path("status").asText(), "a closed socket is not connected");
        }
    }

    @Test
    void ping_getsPong_beforeAndAfterJoining() {
        Setup s = setup("ping");
        String key = s.invite("Pinger");
        try (WsClient ws = WsClient.open(server, "pinger")) {
            ws.send(obj("type", "ping"));
            JsonNode pong = ws.awaitFrame(type("pong"));
            assertEquals(Api.JSON.createObjectNode().put("type", "pong"), pong);
            ws.joinAndAwait(s.roomId(), key, null, null);
            ws.send(obj("type", "ping"));
            ws.awaitFrame(type("pong"));
            // A client's pong (the answer to the server's ping) is accepted silently.
            ws.send(obj("type", "pong"));
            ws.assertAlive();
            assertTrue(ws.received(type("error")).isEmpty(), () -> "unexpected error: " + ws.received());
        }
    }

    // ---------------------------------------------------------------- one live connection per key

    @Test
    void secondJoinWithTheSameKey_replacesTheOldSocket_withoutAnAgentLeftOrASecondJoin() {
        Setup s = setup("replaced");
        String keyA = s.invite("Alpha");
        String keyO = s.invite("Observer");
        try (WsClient o = WsClient.open(server, "observer"); WsClient a1 = WsClient.open(server, "alpha-1");
             WsClient a2 = WsClient.open(server, "alpha-2")) {
            o.joinAndAwait(s.roomId(), keyO, null, null);
            String aId = a1.joinAndAwait(s.roomId(), keyA, null, null).path("agent_id").asText();
            o.awaitFrame(joinedBy(aId));

            JsonNode joined2 = a2.joinAndAwait(s.roomId(), keyA, null, null);
            assertEquals(aId, joined2.path("agent_id").asText(), "the same key is the same agent");
            JsonNode error = a1.awaitFrame(type("error"));
            assertEquals("REPLACED", error.path("code").asText(), error::toString);
            assertFalse(error.path("message").asText("").isBlank(), error::toString);
            a1.awaitClosed(WsClient.TIMEOUT);
            assertFalse(a2.isClosed(), "the new socket stays open");

            // The new socket is the agent's live one: it hears the room and speaks in it.
            JsonNode fromO = o.say("still there?", "o-1");
            a2.awaitFrame(messageWithId(fromO.path("id").asText()));
            JsonNode fromA = a2.say("yes, on my new socket", "a-1");
            assertEquals(aId, fromA.path("agent_id").asText());
            o.awaitFrame(messageWithId(fromA.path("id").asText()));

            assertTrue(o.received(leftBy(aId)).isEmpty(), () -> "a replaced socket is not a leave: " + o.received());
            assertEquals(1, o.received(joinedBy(aId)).size(), () -> "nor a second join: " + o.received());
            assertTrue(s.events().stream().noneMatch(e -> "leave".equals(e.path("type").asText())),
                    () -> "a leave event was recorded: " + s.events());
            assertTrue(a1.received(messageWithId(fromO.path("id").asText())).isEmpty(), "the old socket got later frames");
            JsonNode info = s.agentInfo(aId);
            assertEquals("connected", info.path("status").asText(), info::toString);
            assertEquals("websocket", info.path("connection_type").asText(), info::toString);
        }
    }

    // ---------------------------------------------------------------- reconnecting

    @Test
    void reconnectWithAfterSeq_missesNothing() {
        Setup s = setup("reconnect");
        String keyA = s.invite("Alpha");
        String keyB = s.invite("Beta");
        String restKey = s.invite("Resty");
        try (WsClient b = WsClient.open(server, "beta")) {
            b.joinAndAwait(s.roomId(), keyB, null, null);
            String aId;
            long lastSeen;
            try (WsClient a = WsClient.open(server, "alpha")) {
                aId = a.joinAndAwait(s.roomId(), keyA, null, null).path("agent_id").asText();
                JsonNode ack = a.say("before the gap", "g-1");
                lastSeen = seq(ack);
                b.awaitFrame(messageWithId(ack.path("id").asText()));
            }
            b.awaitFrame(leftBy(aId));

            // While Alpha is away: Beta over WS, Resty over REST (its first use is a join).
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                missed.add(b.say("while you were away " + i, "away-" + i).path("id").asText());
            }
            for (int i = 0; i < 2; i++) {
                missed.add(api.send(s.roomId(), restKey, "rest while away " + i).path("id").asText());
            }
            b.awaitFrame(messageWithId(missed.get(missed.size() - 1)));

            try (WsClient a2 = WsClient.open(server, "alpha-again")) {
                JsonNode joined = a2.joinAndAwait(s.roomId(), keyA, null, lastSeen);
                List<JsonNode> history = list(joined.path("history"));
                List<JsonNode> all = s.events();
                assertEquals(all.subList((int) lastSeen, all.size()), history,
                        "history after_seq is exactly what REST holds after that seq");
                assertEquals(range(lastSeen + 1, seq(history.get(history.size() - 1))), seqs(history), "gap-free");
                List<String> historyIds = ids(history);
                assertTrue(historyIds.containsAll(missed), () -> "missed messages not in history: " + missed + " vs " + historyIds);
                JsonNode first = history.get(0);
                assertEquals("leave", first.path("type").asText(), () -> "the first thing after was Alpha's leave: " + first);
                JsonNode last = history.get(history.size() - 1);
                assertEquals("join", last.path("type").asText(), last::toString);
                assertEquals(aId, last.path("agent_id").asText(), last::toString);

                // And live frames carry on from there.
                JsonNode next = b.say("welcome back", "back-1");
                JsonNode live = a2.awaitFrame(messageWithId(next.path("id").asText()));
                assertEquals(seq(last) + 1, seq(live), live::toString);
            }
        }
    }

    // ---------------------------------------------------------------- bad frames

    @Test
    void badFrames_getErrorFrames_andTheConnectionStaysOpen() {
        Setup s = setup("bad");
        String key = s.invite("Careful");
        Setup other = setup("bad-other");
        String otherKey = other.invite("Elsewhere");
        int eventsBefore = s.events().size();
        try (WsClient ws = WsClient.open(server, "careful")) {
            ws.expectError("this is not json", "BAD_REQUEST");
            ws.assertAlive();
            ws.expectError("{\"type\":\"dance\"}", "BAD_REQUEST");
            ws.expectError("{\"no\":\"type\"}", "BAD_REQUEST");
            ws.expectError("[1,2,3]", "BAD_REQUEST");
            ws.expectError("{\"type\":\"message\",\"content\":\"too early\"}", "BAD_REQUEST");
            ws.expectError(Api.write(obj("type", "join", "room", s.roomId())), "BAD_REQUEST");
            ws.expectError(Api.write(obj("type", "join", "room", s.roomId(), "key", "ak_notARealKey")), "UNAUTHORIZED");
            ws.expectError(Api.write(obj("type", "join", "room", s.roomId(), "key", otherKey)), "FORBIDDEN");
            ws.expectError(Api.write(obj("type", "join", "room", s.roomId(), "key", key, "after_seq", -1)), "BAD_REQUEST");
            ws.assertAlive();
            assertFalse(ws.isClosed());
            assertEquals(eventsBefore, s.events().size(), "refused joins write nothing");

            ws.joinAndAwait(s.roomId(), key, null, null);
            String big = "x".repeat(4097);
            ws.expectError(Api.write(obj("type", "message", "content", big)), "PAYLOAD_TOO_LARGE");
            ws.expectError(Api.write(obj("type", "message", "content", "")), "BAD_REQUEST");
            ws.expectError(Api.write(obj("type", "message")), "BAD_REQUEST");
            ws.expectError(Api.write(obj("type", "message", "content", 42)), "BAD_REQUEST");
            ws.expectError(Api.write(obj("type", "message", "content", "bad id", "client_id", "has spaces in it")),
                    "BAD_REQUEST");
            ws.expectError("{\"type\":\"message\",", "BAD_REQUEST");
            ws.assertAlive();

            // Still joined and able to talk; the refused messages wrote nothing.
            String fits = "é".repeat(2048); // 4096 UTF-8 bytes: exactly the limit
            JsonNode ack = ws.say(fits, "fits-1");
            List<JsonNode> events = s.events();
            assertEquals(eventsBefore + 2, events.size(), () -> "one join and one message: " + events);
            assertEquals(ack.path("id").asText(), events.get(events.size() - 1).path("id").asText());
            assertEquals(fits, events.get(events.size() - 1).path("content").asText());
        }
    }

    // ---------------------------------------------------------------- watchers

    @Test
    void watcher_seesTheRoomLive_andIsReadOnly() {
        Setup s = setup("watch");
        api.send(s.roomId(), s.readerKey(), "before anyone watched");
        String keyA = s.invite("Alpha");
        try (WsClient w = WsClient.open(server, "watcher")) {
            JsonNode watching = w.watchAndAwait(s.roomId(), s.owner().token(), null);
            assertEquals(s.roomId(), watching.path("room").asText(), watching::toString);
            assertEquals(withoutOwn(s.events()), list(watching.path("history")), "watching.history = the latest events");
            assertEquals("Reader", findAgent(watching.path("members"), s.readerId()).path("name").asText());
            long head = seq(watching.path("history").get(watching.path("history").size() - 1));

            String aId;
            JsonNode joined;
            JsonNode ack;
            JsonNode rest;
            try (WsClient a = WsClient.open(server, "alpha")) {
                aId = a.joinAndAwait(s.roomId(), keyA, null, null).path("agent_id").asText();
                joined = w.awaitFrame(joinedBy(aId));
                assertEquals("Alpha", joined.path("name").asText());
                ack = a.say("hello, human", "h-1");
                assertSameMessage(ack, w.awaitFrame(messageWithId(ack.path("id").asText())));
                rest = api.send(s.roomId(), s.readerKey(), "rest hello");
                assertSameMessage(rest, w.awaitFrame(messageWithId(rest.path("id").asText())));
            }
            JsonNode left = w.awaitFrame(leftBy(aId));
            assertEquals("left", left.path("reason").asText(), left::toString);
            assertEquals(List.of(head + 1, head + 2, head + 3, head + 4),
                    List.of(seq(joined), seq(ack), seq(rest), seq(left)), "the watcher sees every event in order");

            // Watching is no longer read-only (SPEC §10): the owner's message is a verified human's;
            // a bad one is refused and writes nothing.
            int before = s.events().size();
            w.expectError(Api.write(obj("type", "message", "content", " ")), "BAD_REQUEST");
            w.assertAlive();
            assertEquals(before, s.events().size(), "a refused watcher's message is not written");
            JsonNode human = w.say("I am the human", "w-1");
            assertEquals("human", human.path("sender_kind").asText(), human::toString);
            assertEquals(before + 1, s.events().size(), "the watcher's message is written once");
            w.awaitFrame(messageWithId(human.path("id").asText()));

            // after_seq works for watchers too.
            try (WsClient w2 = WsClient.open(server, "watcher-2")) {
                JsonNode fromOne = w2.watchAndAwait(s.roomId(), s.owner().token(), 1L);
                List<JsonNode> all = s.events();
                assertEquals(withoutOwn(all.subList(1, all.size())), list(fromOne.path("history")));
            }

            // Not the owner: the room does not exist for them; a bad token is not signed in.
            Api.Human stranger = api.newHuman("stranger");
            try (WsClient x = WsClient.open(server, "stranger")) {
                x.expectError(Api.write(obj("type", "watch", "room", s.roomId(), "token", stranger.token())), "NOT_FOUND");
                x.expectError(Api.write(obj("type", "watch", "room", s.roomId(), "token", "st_notARealToken")),
                        "UNAUTHORIZED");
                x.expectError(Api.write(obj("type", "watch", "room", s.roomId())), "BAD_REQUEST");
                x.assertAlive();
                // A refused watcher gets no live frames (barrier: the owner's watcher got the message).
                JsonNode later = api.send(s.roomId(), s.readerKey(), "not for strangers");
                w.awaitFrame(messageWithId(later.path("id").asText()));
                x.assertAlive();
                assertTrue(x.received(type("message")).isEmpty(), () -> "a refused watcher got messages: " + x.received());
            }
        }
    }

    // ---------------------------------------------------------------- joining on $connect

    @Test
    void connectWithRoomAndKey_joinsAtOnce_andABadKeyRefusesTheHandshake() {
        Setup s = setup("connect");
        String keyO = s.invite("Observer");
        String keyQ = s.invite(null);
        Setup other = setup("connect-other");
        String otherKey = other.invite("Elsewhere");
        try (WsClient o = WsClient.open(server, "observer")) {
            o.joinAndAwait(s.roomId(), keyO, null, null);
            String qId;
            try (WsClient q = WsClient.openJoined(server, "quinn", s.roomId(), keyQ, "Quinn")) {
                JsonNode joined = o.awaitFrame(f -> WsClient.isType(f, "agent_joined") && "Quinn".equals(f.path("name").asText()));
                qId = joined.path("agent_id").asText();

                // It hears the room at once, and may speak at once.
                JsonNode fromO = o.say("hi quinn", "o-1");
                q.awaitFrame(messageWithId(fromO.path("id").asText()));
                JsonNode fromQ = q.say("hi back", "q-1");
                assertEquals(qId, fromQ.path("agent_id").asText(), fromQ::toString);
                assertEquals("Quinn", fromQ.path("from_name").asText(), fromQ::toString);
                o.awaitFrame(messageWithId(fromQ.path("id").asText()));
                assertTrue(q.received(type("joined")).isEmpty(), () -> "no joined frame on a $connect join: " + q.received());
                assertTrue(q.received(type("error")).isEmpty(), () -> "unexpected error: " + q.received());

                JsonNode info = s.agentInfo(qId);
                assertEquals("connected", info.path("status").asText(), info::toString);
                assertEquals("websocket", info.path("connection_type").asText(), info::toString);
                assertEquals("Quinn", info.path("name").asText(), info::toString);
            }
            JsonNode left = o.awaitFrame(leftBy(qId));
            assertEquals("left", left.path("reason").asText(), left::toString);

            // Refused handshakes: a bad key, another room's key, a room without a key.
            int before = s.events().size();
            String base = WsClient.url(server);
            assertEquals(401, WsClient.refusedHandshakeStatus(base + WsClient.query(s.roomId(), "ak_notARealKey", null)));
            assertEquals(403, WsClient.refusedHandshakeStatus(base + WsClient.query(s.roomId(), otherKey, null)));
            assertEquals(400, WsClient.refusedHandshakeStatus(base + "?room=" + s.roomId()));
            // Barrier: a later message reaches the observer after anything the refusals could have caused.
            JsonNode barrier = api.send(s.roomId(), s.readerKey(), "after the refusals");
            o.awaitFrame(messageWithId(barrier.path("id").asText()));
            assertEquals(before + 1, s.events().size(), "refused handshakes write nothing");
            assertEquals(1, o.received(type("agent_joined")).size(), () -> "only Quinn joined: " + o.received());
            assertNull(other.events().stream().filter(e -> "Elsewhere".equals(e.path("from_name").asText())).findFirst()
                    .orElse(null), "the other room's key was not claimed by the refused handshake");
        }
    }

    // ---------------------------------------------------------------- client_id idempotency

    @Test
    void clientId_makesAResendReturnTheSameMessage_andWriteNothingNew() {
        Setup s = setup("idem");
        String keyA = s.invite("Alpha");
        String keyB = s.invite("Beta");
        try (WsClient a = WsClient.open(server, "alpha"); WsClient b = WsClient.open(server, "beta")) {
            a.joinAndAwait(s.roomId(), keyA, null, null);
            b.joinAndAwait(s.roomId(), keyB, null, null);

            JsonNode first = a.say("exactly once", "same-id");
            JsonNode again = a.say("exactly once", "same-id");
            assertSameMessage(first, again);
            assertEquals("same-id", again.path("client_id").asText(), again::toString);

            // Same client_id, other content: refused, nothing written.
            a.message("something else", "same-id");
            JsonNode conflict = a.awaitFrame(type("error"));
            assertEquals("CONFLICT", conflict.path("code").asText(), conflict::toString);

            // The same client_id is per agent: Beta may use it for its own message.
            JsonNode beta = b.say("exactly once", "same-id");
            assertNotEquals(first.path("id").asText(), beta.path("id").asText());

            // Barrier, then count copies.
            JsonNode after = a.say("after", "after-1");
            b.awaitFrame(messageWithId(after.path("id").asText()));
            a.awaitFrame(messageWithId(beta.path("id").asText()));
            assertEquals(1, b.received(messageWithId(first.path("id").asText())).size(),
                    () -> "the resend was pushed again: " + b.received());
            assertEquals(seq(first) + 1, seq(beta), "the resend and the refused message took no seq");
            List<JsonNode> events = s.events();
            assertEquals(1, events.stream().filter(e -> e.path("id").asText().equals(first.path("id").asText())).count());
            assertEquals(0, events.stream().filter(e -> "something else".equals(e.path("content").asText())).count());
        }
    }
}
