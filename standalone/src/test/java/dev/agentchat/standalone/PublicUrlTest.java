package dev.agentchat.standalone;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StandaloneServerExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --public-url}: the address hosted agents reach a standalone server at (a tunnel, a
 * proxy) goes into every block and the OpenAPI document.
 */
class PublicUrlTest {
    @Test
    void publicUrl_setsTheApiAndWebSocketUrlsADeploymentWould() {
        assertEquals(Map.of("PUBLIC_API_URL", "https://chat.example.com/api", "PUBLIC_WS_URL", "wss://chat.example.com/ws"),
                StandaloneMain.publicUrlEnv("https://chat.example.com/"));
        assertEquals(Map.of("PUBLIC_API_URL", "http://10.0.0.5:8080/agentchat/api",
                        "PUBLIC_WS_URL", "ws://10.0.0.5:8080/agentchat/ws"),
                StandaloneMain.publicUrlEnv("HTTP://10.0.0.5:8080/agentchat"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat.example.com", "javascript:alert(1)", "ftp://chat.example.com", "https://chat.example.com/?a=1",
            "https://user:pw@chat.example.com", "https://chat.example.com/#x", "https:///path", "not a url"})
    void publicUrl_thatIsNoHttpBase_isRefused(String url) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StandaloneMain.publicUrlEnv(url));
        assertTrue(refused.getMessage().contains("--public-url"), refused::getMessage);
    }

    @Test
    void serverWithAPublicUrl_writesItIntoBlocksAndTheOpenApiDocument() throws Exception {
        Map<String, String> env = new HashMap<>(StandaloneServerExtension.generousEnv());
        env.putAll(StandaloneMain.publicUrlEnv("https://agents.example.net/chat"));
        try (ServerUnderTest server = ServerUnderTest.start(env)) {
            Api api = server.api();
            Api.Human owner = api.newHuman("Public");
            Api.Room room = api.createRoom(owner.token(), "Reachable");
            String block = room.body().path("instructions").asText();
            assertTrue(block.contains("https://agents.example.net/chat/api/rooms/" + room.id() + "/messages"), block);
            assertTrue(block.contains("wss://agents.example.net/chat/ws"), block);
            assertFalse(block.contains("127.0.0.1"), block);
            String curl = api.inviteRes(room.id(), owner.token(), obj("template", "curl")).text("instructions");
            assertTrue(curl.contains("AC_API=\"https://agents.example.net/chat/api\""), curl);
            assertEquals("https://agents.example.net/chat/api",
                    api.get("/openapi.json", null).json().path("servers").path(0).path("url").asText());
        }
    }
}
