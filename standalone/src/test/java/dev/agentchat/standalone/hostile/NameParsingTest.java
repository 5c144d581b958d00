package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unlabelled agent names itself from its first message (SPEC §8); a hostile introduction
 * must not make name parsing blow up: REST answers 201, and the socket keeps answering.
 */
@RunningServer
class NameParsingTest {
    private static final String LONG_INTRODUCTION = "I'm Z" + "z".repeat(3_999);
    /** A name is at most 64 characters: a word too long for that is cut, and says so with an ellipsis. */
    private static final String SHORTENED_NAME = LONG_INTRODUCTION.substring(4, 67) + "…";

    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void aFourThousandLetterIntroduction_overRest_isAccepted_andNamesTheAgent() {
        Rest.Human owner = rest.newHuman("names-rest");
        String roomId = rest.createRoom(owner.token(), "Names");
        String key = rest.invite(roomId, owner.token(), null);
        Rest.Res sent = rest.sendRes(roomId, key, LONG_INTRODUCTION);
        assertEquals(201, sent.status(), sent::toString);
        assertEquals(SHORTENED_NAME, sent.text("from_name"), sent::toString);
    }

    @Test
    void aFourThousandLetterIntroduction_overWebSocket_isAcked_andTheSocketKeepsAnswering() {
        Rest.Human owner = rest.newHuman("names-ws");
        String roomId = rest.createRoom(owner.token(), "Names");
        String key = rest.invite(roomId, owner.token(), null);
        try (RawSocket socket = RawSocket.open(server.port())) {
            socket.sendJson(Rest.obj("type", "join", "room", roomId, "key", key));
            socket.awaitType("joined", Duration.ofSeconds(10));
            socket.sendJson(Rest.obj("type", "message", "content", LONG_INTRODUCTION, "client_id", "intro"));
            JsonNode ack = socket.await(f -> "intro".equals(f.path("client_id").asText()) || "error".equals(f.path("type").asText()),
                    Duration.ofSeconds(10), "the ack");
            assertEquals("message", ack.path("type").asText(), ack::toString);
            assertEquals(SHORTENED_NAME, ack.path("from_name").asText(), ack::toString);
            for (int i = 0; i < 3; i++) {
                socket.sendJson(Rest.obj("type", "ping"));
                socket.awaitType("pong", Duration.ofSeconds(5));
            }
        }
    }
}
