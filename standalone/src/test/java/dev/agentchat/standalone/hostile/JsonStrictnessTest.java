package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON that a lenient reader would silently alter is refused as BAD_REQUEST, saying why, on every
 * transport: content after the value (cut off), a repeated name (last wins), bytes that are not
 * UTF-8 (replacement characters), a lone surrogate (no UTF-8 form). Nothing is stored.
 */
@RunningServer
class JsonStrictnessTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    /** Each bad body for a {@code {"content": …}} send, by what is wrong with it, and what the refusal says. */
    private static Map<String, byte[]> badSends(String wrapBefore, String wrapAfter) {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("content after the JSON value", utf8(wrapBefore + "{\"content\":\"one\"}" + wrapAfter + " {\"content\":\"two\"}"));
        bad.put("not JSON", utf8(wrapBefore + "{\"content\":\"cut\"}" + wrapAfter + "garbage"));
        bad.put("appears twice", utf8(wrapBefore + "{\"content\":\"first\",\"content\":\"second\"}" + wrapAfter));
        bad.put("a lone surrogate", utf8(wrapBefore + "{\"content\":\"half \\ud800 pair\"}" + wrapAfter));
        bad.put("not valid UTF-8", concat(utf8(wrapBefore + "{\"content\":\"bad "), new byte[] {(byte) 0xC3, 0x28},
                utf8(" bytes\"}" + wrapAfter)));
        return bad;
    }

    @Test
    void restBodies_thatWouldBeAltered_are400WithTheReason_andStoreNothing() throws Exception {
        Rest.Human owner = rest.newHuman("strict-rest");
        String roomId = rest.createRoom(owner.token(), "Strict REST");
        String key = rest.invite(roomId, owner.token(), "Sender");
        long head = rest.send(roomId, key, "valid").path("seq").asLong();
        for (Map.Entry<String, byte[]> bad : badSends("", "").entrySet()) {
            HttpResponse<String> res = post("/api/rooms/" + roomId + "/messages", key, bad.getValue());
            JsonNode body = Rest.parse(res.body());
            assertEquals(400, res.statusCode(), bad.getKey() + ": " + res.body());
            assertEquals("BAD_REQUEST", body.path("error").path("code").asText(), res.body());
            assertTrue(body.path("error").path("message").asText().contains(bad.getKey()), bad.getKey() + ": " + res.body());
        }
        assertNothingAfter(roomId, key, head);
    }

    @Test
    void webSocketFrames_thatWouldBeAltered_areBadRequestFrames_andTheSocketKeepsWorking() throws Exception {
        Rest.Human owner = rest.newHuman("strict-ws");
        String roomId = rest.createRoom(owner.token(), "Strict WS");
        String key = rest.invite(roomId, owner.token(), "Sender");
        try (RawSocket socket = RawSocket.open(server.port())) {
            socket.sendJson(Rest.obj("type", "join", "room", roomId, "key", key));
            long head = socket.awaitType("joined", Duration.ofSeconds(10)).path("history").path(0).path("seq").asLong(0);
            for (Map.Entry<String, byte[]> bad : badSends("", "").entrySet()) {
                byte[] frame = withType(bad.getValue());
                if (bad.getKey().equals("not valid UTF-8")) {
                    continue; // below: a text frame that is not UTF-8 fails the connection (RFC 6455 §8.1)
                }
                socket.writeHeader(true, RawSocket.TEXT, frame.length);
                socket.writePayload(frame, 0, frame.length);
                socket.flush();
                JsonNode error = socket.awaitType("error", Duration.ofSeconds(10));
                assertEquals("BAD_REQUEST", error.path("code").asText(), bad.getKey() + ": " + error);
                assertTrue(error.path("message").asText().contains(bad.getKey()), bad.getKey() + ": " + error);
            }
            socket.sendJson(Rest.obj("type", "message", "content", "still here", "client_id", "c1"));
            JsonNode ack = socket.await(f -> "c1".equals(f.path("client_id").asText()), Duration.ofSeconds(10), "the ack");
            assertEquals("still here", ack.path("content").asText(), ack::toString);
            assertNothingAfter(roomId, key, head, "still here");
        }
        try (RawSocket socket = RawSocket.open(server.port())) {
            socket.sendJson(Rest.obj("type", "join", "room", roomId, "key", key));
            socket.awaitType("joined", Duration.ofSeconds(10));
            byte[] frame = withType(badSends("", "").get("not valid UTF-8"));
            socket.writeHeader(true, RawSocket.TEXT, frame.length);
            socket.writePayload(frame, 0, frame.length);
            socket.flush();
            RawSocket.Frame answer = socket.next(Duration.ofSeconds(10));
            assertTrue(answer == null || answer.opcode() == RawSocket.CLOSE, "answered " + (answer == null ? null : answer.text()));
            if (answer != null) {
                assertEquals(1007, RawSocket.closeCode(answer), "close code for a text frame that is not UTF-8");
            }
        }
    }

    @Test
    void mcpBodies_thatWouldBeAltered_areJsonRpcParseErrors_andStoreNothing() throws Exception {
        Rest.Human owner = rest.newHuman("strict-mcp");
        String roomId = rest.createRoom(owner.token(), "Strict MCP");
        String key = rest.invite(roomId, owner.token(), "Sender");
        long head = rest.send(roomId, key, "valid").path("seq").asLong();
        String before = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"send_message\","
                + "\"arguments\":";
        for (Map.Entry<String, byte[]> bad : badSends(before, "}}").entrySet()) {
            HttpResponse<String> res = post("/api/mcp", key, bad.getValue());
            JsonNode body = Rest.parse(res.body());
            assertEquals(400, res.statusCode(), bad.getKey() + ": " + res.body());
            assertEquals(-32700, body.path("error").path("code").asInt(), bad.getKey() + ": " + res.body());
            assertTrue(body.path("error").path("message").asText().contains(bad.getKey()), bad.getKey() + ": " + res.body());
        }
        assertNothingAfter(roomId, key, head);
    }

    private static void assertNothingAfter(String roomId, String key, long head, String... expected) {
        Rest.Res read = rest.get("/rooms/" + roomId + "/messages?after_seq=" + head, key);
        assertEquals(200, read.status(), read::toString);
        List<String> contents = new ArrayList<>();
        for (JsonNode m : read.path("messages")) {
            if ("message".equals(m.path("type").asText())) {
                contents.add(m.path("content").asText());
            }
        }
        assertEquals(List.of(expected), contents, "stored after refusals: " + read);
    }

    /** The send body as a WebSocket message frame: {@code "type":"message"} first, the rest as it was. */
    private static byte[] withType(byte[] body) {
        return concat(utf8("{\"type\":\"message\","), java.util.Arrays.copyOfRange(body, 1, body.length));
    }

    private static HttpResponse<String> post(String path, String key, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
