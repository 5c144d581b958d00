package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.standalone.support.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting one message ({@code DELETE /api/rooms/{room}/messages/{seq}}): the text is gone from
 * every table (the event and the idempotency record's copy), reads and the watch socket show it
 * redacted, a system note names the seq, a repeat changes nothing, and only the room's admins may.
 */
@RunningServer
class RedactionTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static StoredState state;

    private static Api.Res redact(String roomId, String seq, String auth) {
        return api.request("DELETE", "/rooms/" + roomId + "/messages/" + seq, auth, null, Map.of());
    }

    @Test
    void redact_byTheOwner_removesTheTextFromStorageAndTellsWatchers() {
        Api.Human owner = api.newHuman("Redactor");
        Api.Room room = api.createRoom(owner.token(), "Redaction room");
        String agent = api.invite(room.id(), owner.token(), "Leaky");
        String secret = "the launch code is tangerine-" + System.nanoTime();
        Api.Res sent = api.sendRes(room.id(), agent, secret, "leak-1");
        assertEquals(201, sent.status(), sent::toString);
        long seq = sent.path("seq").asLong();
        api.send(room.id(), agent, "an unrelated message stays");

        try (WsClient watcher = WsClient.open(server, "redaction watcher")) {
            watcher.watchAndAwait(room.id(), owner.token(), null);
            Api.Res res = redact(room.id(), Long.toString(seq), owner.token());
            assertEquals(200, res.status(), res::toString);
            JsonNode message = res.path("message");
            assertTrue(message.path("redacted").asBoolean(), res::toString);
            assertEquals("", message.path("content").asText(), res::toString);
            assertEquals(seq, message.path("seq").asLong());
            assertEquals(sent.text("id"), message.path("id").asText());

            JsonNode frame = watcher.awaitFrame(f -> "system".equals(f.path("type").asText())
                    && "redacted".equals(f.path("code").asText()));
            assertEquals(seq, frame.path("redacted_seq").asLong(), frame::toString);
        }

        String everything = state.take().tables().toString();
        assertFalse(everything.contains(secret), "the deleted text is still stored somewhere");
        assertTrue(everything.contains("an unrelated message stays"), "the other message went too");

        List<JsonNode> events = api.readAll(room.id(), agent);
        JsonNode read = events.stream().filter(e -> e.path("seq").asLong() == seq).findFirst().orElseThrow();
        assertTrue(read.path("redacted").asBoolean(), read::toString);
        assertEquals("", read.path("content").asText());
        assertEquals("message", read.path("type").asText());
        JsonNode note = events.get(events.size() - 1);
        assertEquals("redacted", note.path("code").asText(), note::toString);
        assertEquals(seq, note.path("redacted_seq").asLong(), note::toString);
        assertTrue(note.path("content").asText().contains(owner.name()), note::toString);
        assertFalse(events.stream().anyMatch(e -> e.path("redacted").asBoolean() && e.path("seq").asLong() != seq));

        // A replay of the original send answers the redacted message and sends nothing new.
        Api.Res replay = api.sendRes(room.id(), agent, secret, "leak-1");
        assertEquals(201, replay.status(), replay::toString);
        assertTrue(replay.path("redacted").asBoolean(), replay::toString);
        assertEquals(seq, replay.path("seq").asLong());
        assertEquals(events.size(), api.readAll(room.id(), agent).size());
    }

    @Test
    void redact_again_isIdempotentAndWritesNoSecondNote() {
        Api.Human owner = api.newHuman("RedactTwice");
        Api.Room room = api.createRoom(owner.token(), "Redact twice");
        String agent = api.invite(room.id(), owner.token(), "Twice");
        long seq = api.send(room.id(), agent, "delete me twice").path("seq").asLong();
        assertEquals(200, redact(room.id(), Long.toString(seq), owner.token()).status());
        int count = api.readAll(room.id(), agent).size();
        Api.Res again = redact(room.id(), Long.toString(seq), owner.token());
        assertEquals(200, again.status(), again::toString);
        assertTrue(again.path("message").path("redacted").asBoolean(), again::toString);
        assertEquals(count, api.readAll(room.id(), agent).size(), "a second redaction wrote an event");
    }

    @Test
    void redact_byAdminKeyOrMember_isAllowedOnlyForAdmins() {
        Api.Human owner = api.newHuman("RedactKeys");
        Api.Room room = api.createRoom(owner.token(), "Redact keys");
        String member = api.invite(room.id(), owner.token(), "Member");
        long seq = api.send(room.id(), member, "admins may delete this").path("seq").asLong();
        assertError(redact(room.id(), Long.toString(seq), member), 403, "FORBIDDEN");
        Api.Res byAdmin = redact(room.id(), Long.toString(seq), room.adminKey());
        assertEquals(200, byAdmin.status(), byAdmin::toString);
        assertTrue(byAdmin.path("message").path("redacted").asBoolean());
    }

    @Test
    void redact_whenTheTargetIsWrong_isAClearRefusalThatStoresNothing() {
        Api.Human owner = api.newHuman("RedactWrong");
        Api.Room room = api.createRoom(owner.token(), "Redact wrong");
        Api.Room other = api.createRoom(api.newHuman("RedactOther").token(), "Someone else's room");
        String agent = api.invite(room.id(), owner.token(), "Agent");
        long joinSeq = api.send(room.id(), agent, "hello").path("seq").asLong() - 1;
        StoredState.Snapshot before = state.take();
        assertError(redact(room.id(), "999", owner.token()), 404, "NOT_FOUND");
        assertError(redact(room.id(), "abc", owner.token()), 400, "BAD_REQUEST");
        assertError(redact(room.id(), "0", owner.token()), 400, "BAD_REQUEST");
        assertError(redact(room.id(), Long.toString(joinSeq), owner.token()), 400, "BAD_REQUEST");
        // Another room's message is out of reach: its room does not exist for this owner, nor for this room's key.
        assertError(redact(other.id(), "1", owner.token()), 404, "NOT_FOUND");
        assertError(redact(other.id(), "1", room.adminKey()), 403, "FORBIDDEN");
        assertEquals(List.of(), before.changesTo(state.take()));
    }
}
