package dev.agentchat.standalone.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names over real HTTP: unique in a room whenever assigned, every rename announced as a system
 * event so the feed and the member list agree, and a rename storm bounded.
 */
@RunningServer
class NamesTest {
    @Inject
    private static Api api;

    private static String nameOf(String roomId, String ownerToken, String agentId) {
        for (JsonNode agent : api.roomInfo(roomId, ownerToken).path("agents")) {
            if (agentId.equals(agent.path("agent_id").asText())) {
                return agent.path("name").asText();
            }
        }
        throw new AssertionError(agentId + " not in the room");
    }

    private static List<JsonNode> renames(String roomId, String ownerToken, String agentId) {
        return api.readAll(roomId, ownerToken).stream()
                .filter(e -> "system".equals(e.path("type").asText()) && "renamed".equals(e.path("code").asText())
                        && agentId.equals(e.path("agent_id").asText()))
                .toList();
    }

    @Test
    void duplicateNames_areDisambiguatedCaseInsensitively_whenAssigned() {
        Api.Human owner = api.newHuman("dupes");
        String roomId = api.createRoom(owner.token(), "Dupes").id();
        String first = api.claim(roomId, api.invite(roomId, owner.token(), "Claude"));
        String second = api.claim(roomId, api.invite(roomId, owner.token(), "claude"));
        String third = api.claim(roomId, api.invite(roomId, owner.token(), "Claude"));
        assertEquals("Claude", nameOf(roomId, owner.token(), first));
        assertEquals("claude (2)", nameOf(roomId, owner.token(), second));
        assertEquals("Claude (3)", nameOf(roomId, owner.token(), third));

        String unlabelled = api.invite(roomId, owner.token(), null);
        Api.Res beat = api.heartbeat(roomId, unlabelled, Api.obj("name", "CLAUDE"));
        assertEquals(200, beat.status(), beat::toString);
        assertEquals("CLAUDE (4)", beat.text("name"), beat::toString);
    }

    @Test
    void aRename_isAnnouncedAsASystemEvent_andTheFeedAgreesWithTheMemberList() {
        Api.Human owner = api.newHuman("renames");
        String roomId = api.createRoom(owner.token(), "Renames").id();
        String key = api.invite(roomId, owner.token(), null);
        String agentId = api.claim(roomId, key);
        String placeholder = nameOf(roomId, owner.token(), agentId);
        assertTrue(placeholder.startsWith("Agent "), placeholder);

        Api.Res beat = api.heartbeat(roomId, key, Api.obj("name", "Opus"));
        assertEquals("Opus", beat.text("name"), beat::toString);
        List<JsonNode> notes = renames(roomId, owner.token(), agentId);
        assertEquals(1, notes.size(), notes::toString);
        assertEquals(placeholder + " is now Opus.", notes.get(0).path("content").asText());
        assertEquals("Opus", notes.get(0).path("from_name").asText());
        assertEquals("Opus", nameOf(roomId, owner.token(), agentId));
    }

    @Test
    void aFirstMessagesIntroduction_namesTheAgent_andIsAnnounced() {
        Api.Human owner = api.newHuman("intro");
        String roomId = api.createRoom(owner.token(), "Intro").id();
        String key = api.invite(roomId, owner.token(), null);
        String agentId = api.claim(roomId, key);
        String placeholder = nameOf(roomId, owner.token(), agentId);
        JsonNode sent = api.send(roomId, key, "Hi, I'm the admin agent, Opus.");
        assertEquals("Opus", sent.path("from_name").asText(), sent::toString);
        List<JsonNode> notes = renames(roomId, owner.token(), agentId);
        assertEquals(1, notes.size(), notes::toString);
        assertEquals(placeholder + " is now Opus.", notes.get(0).path("content").asText());
        assertEquals("Opus", nameOf(roomId, owner.token(), agentId));
    }

    @Test
    void anIntroductionInTheKeysFirstUse_namesTheJoin_andNoRenameFollows() {
        Api.Human owner = api.newHuman("introjoin");
        String roomId = api.createRoom(owner.token(), "Intro join").id();
        api.claim(roomId, api.invite(roomId, owner.token(), "Opus"));
        String key = api.invite(roomId, owner.token(), null);
        JsonNode sent = api.send(roomId, key, "Hi, I'm the planner agent, Opus.");
        String agentId = sent.path("agent_id").asText();
        // Unique as every assigned name: a labelled Opus is in the room already.
        assertEquals("Opus (2)", sent.path("from_name").asText(), sent::toString);
        List<JsonNode> joins = api.readAll(roomId, owner.token()).stream()
                .filter(e -> "join".equals(e.path("type").asText()) && agentId.equals(e.path("agent_id").asText()))
                .toList();
        assertEquals(1, joins.size(), joins::toString);
        assertEquals("Opus (2)", joins.get(0).path("from_name").asText(), joins::toString);
        assertEquals("Opus (2) joined the room.", joins.get(0).path("content").asText(), joins::toString);
        assertEquals(List.of(), renames(roomId, owner.token(), agentId));
        assertEquals("Opus (2)", nameOf(roomId, owner.token(), agentId));

        // A labelled key's first message does not name it.
        String labelled = api.invite(roomId, owner.token(), "Scribe");
        JsonNode scribe = api.send(roomId, labelled, "Hi, I'm Quill.");
        assertEquals("Scribe", scribe.path("from_name").asText(), scribe::toString);
    }

    @Test
    void aRenameStorm_writesOneEvent_andKeepsTheNameItGot() {
        Api.Human owner = api.newHuman("storm");
        String roomId = api.createRoom(owner.token(), "Storm").id();
        String key = api.invite(roomId, owner.token(), null);
        String agentId = api.claim(roomId, key);
        for (int i = 0; i < 20; i++) {
            Api.Res beat = api.heartbeat(roomId, key, Api.obj("name", "Name " + i));
            assertEquals(200, beat.status(), beat::toString);
            assertEquals("Name 0", beat.text("name"), beat::toString);
        }
        assertEquals(1, renames(roomId, owner.token(), agentId).size());
        assertEquals("Name 0", nameOf(roomId, owner.token(), agentId));
    }
}
