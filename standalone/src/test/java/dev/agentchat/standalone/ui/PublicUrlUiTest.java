package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.StandaloneServerExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * With {@code --public-url} set, the blocks the UI shows carry that URL, so its "these URLs only
 * work on this machine" notice stays hidden (RoomFlowUiTest sees it shown on a loopback server).
 * The public name is resolved to loopback inside the browser only, so the page really runs from it.
 */
class PublicUrlUiTest {
    private static final String PUBLIC_HOST = "agents.example.test";

    @Test
    void aServerWithAPublicUrl_showsBlocksWithoutTheLoopbackNotice() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = probe.getLocalPort();
        }
        String publicUrl = "http://" + PUBLIC_HOST + ":" + port;
        Map<String, String> env = new HashMap<>(StandaloneServerExtension.generousEnv());
        // What --public-url sets.
        env.put(AppConfig.PUBLIC_API_URL, publicUrl + "/api");
        env.put(AppConfig.PUBLIC_WS_URL, "ws://" + PUBLIC_HOST + ":" + port + "/ws");
        try (AgentChatServer server = new AgentChatServer("127.0.0.1", port, null, env).start();
             UiHarness ui = UiHarness.open(server, publicUrl,
                     "--host-resolver-rules=MAP " + PUBLIC_HOST + " 127.0.0.1", "--no-proxy-server")) {
            ui.signInWithToken(ui.newHumanToken("Public URL owner"));
            ui.type(By.id("room-name"), "Reachable room");
            ui.click(ui.driver.findElement(By.cssSelector("form[aria-label='Create a room'] button[type=submit]")));
            WebElement block = ui.awaitVisible(By.cssSelector("[data-testid=instructions]"));
            String text = block.getText();
            assertTrue(text.contains(publicUrl + "/api"), text);
            assertFalse(text.contains("127.0.0.1"), text);
            // The notice is rendered with the block, so once the block shows its absence is final.
            assertTrue(ui.driver.findElements(By.cssSelector("[data-testid=loopback-notice]")).isEmpty(),
                    () -> "a public URL needs no notice: " + ui.textOf("main"));
        }
    }
}
