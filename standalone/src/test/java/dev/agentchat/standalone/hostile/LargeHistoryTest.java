package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconnecting client misses nothing even when what it missed is more than one frame holds
 * (API Gateway: 128 KB): {@code joined} and {@code watching} say {@code has_more}, and joining
 * again from the last {@code seq} brings the rest, until the whole history has arrived.
 */
@RunningServer
class LargeHistoryTest {
    private static final int MESSAGES = 36;

    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void aHistoryOverOneFrame_arrivesWhole_inJoinedFramesFromTheLastSeq() {
        Rest.Human owner = rest.newHuman("history");
        String roomId = rest.createRoom(owner.token(), "Long history");
        String writer = rest.invite(roomId, owner.token(), "Writer");
        String reader = rest.invite(roomId, owner.token(), "Reader");
        long head = 0;
        for (int i = 0; i < MESSAGES; i++) {
            head = rest.send(roomId, writer, i + " " + "h".repeat(4_000)).path("seq").asLong();
        }
        try (RawSocket socket = RawSocket.open(server.port())) {
            List<Long> seqs = collect(socket, f -> Rest.obj("type", "join", "room", roomId, "key", reader, "after_seq", f),
                    "joined");
            System.out.println("LargeHistoryTest: joined from after_seq=0 brought seqs " + seqs.get(0) + ".." + seqs.get(seqs.size() - 1));
            assertEquals(range(1, head), seqs.subList(0, (int) head), "the history arrives whole and in order");
        }
    }

    @Test
    void aHistoryOverOneFrame_arrivesWhole_inWatchingFrames() {
        Rest.Human owner = rest.newHuman("history-watch");
        String roomId = rest.createRoom(owner.token(), "Long history");
        String writer = rest.invite(roomId, owner.token(), "Writer");
        long head = 0;
        for (int i = 0; i < MESSAGES; i++) {
            head = rest.send(roomId, writer, i + " " + "w".repeat(4_000)).path("seq").asLong();
        }
        try (RawSocket socket = RawSocket.open(server.port())) {
            List<Long> seqs = collect(socket, f -> Rest.obj("type", "watch", "room", roomId, "token", owner.token(),
                    "after_seq", f), "watching");
            assertEquals(range(1, head), seqs, "the history arrives whole and in order");
        }
    }

    /** Sends the frame from seq 0 on, and again from each frame's last seq while it says has_more. */
    private static List<Long> collect(RawSocket socket, java.util.function.LongFunction<Map<String, Object>> frame,
                                      String answer) {
        List<Long> seqs = new ArrayList<>();
        long after = 0;
        int frames = 0;
        for (int round = 0; round < 20; round++) {
            socket.sendJson(frame.apply(after));
            RawSocket.Frame raw;
            JsonNode reply;
            do {
                raw = socket.next(Duration.ofSeconds(10));
                assertTrue(raw != null && raw.opcode() == RawSocket.TEXT, "the socket closed");
                reply = raw.json();
            } while (!answer.equals(reply.path("type").asText()) && !"error".equals(reply.path("type").asText()));
            assertEquals(answer, reply.path("type").asText(), reply::toString);
            assertTrue(raw.payload().length <= 128 * 1024, "a frame of " + raw.payload().length + " bytes");
            frames++;
            for (JsonNode event : reply.path("history")) {
                seqs.add(event.path("seq").asLong());
            }
            if (!reply.path("has_more").asBoolean()) {
                assertTrue(frames > 1, "the history fitted one frame: the test proves nothing");
                return seqs;
            }
            after = seqs.get(seqs.size() - 1);
        }
        throw new AssertionError("has_more never ended: " + seqs);
    }

    private static List<Long> range(long from, long to) {
        List<Long> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(i);
        }
        return list;
    }
}
