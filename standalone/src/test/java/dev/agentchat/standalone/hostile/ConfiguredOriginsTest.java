package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Behind a proxy ({@code PUBLIC_API_URL} set), the configured public origin is the one the UI is told and allowed. */
@RunningServer(env = "PUBLIC_API_URL=https://chat.example.com/api")
class ConfiguredOriginsTest {
    @Inject
    private static AgentChatServer server;

    @Test
    void theConfiguredOrigin_isWhatConfigJsonSays_whatWebSocketsAccept_andAllTheCspAllows() throws IOException {
        JsonNode config = Rest.parse(OriginsTest.body(OriginsTest.http(server, "GET /config.json",
                "evil.example", null)));
        assertEquals("https://chat.example.com/api", config.path("apiBase").asText(), config::toString);
        assertEquals("wss://chat.example.com/ws", config.path("wsUrl").asText(), config::toString);

        String local = "127.0.0.1:" + server.port();
        assertTrue(OriginsTest.http(server, "GET /ws", local, "https://chat.example.com").startsWith("HTTP/1.1 101"));
        assertTrue(OriginsTest.http(server, "GET /ws", local, "https://evil.example").startsWith("HTTP/1.1 403"));
        assertTrue(OriginsTest.http(server, "GET /ws", local, "http://chat.example.com").startsWith("HTTP/1.1 403"),
                "another scheme is another origin");

        String connect = OriginsTest.connectSrc(OriginsTest.http(server, "GET /", local, null));
        assertTrue(connect.contains(" https://chat.example.com") && connect.contains(" wss://chat.example.com"), connect);
        for (String source : connect.split(" ")) {
            assertTrue(source.equals("connect-src") || source.equals("'self'") || source.contains("chat.example.com")
                    || source.matches("(http|ws)://(127\\.0\\.0\\.1|localhost):" + server.port()), connect);
        }
    }
}
