package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every human of a room may export its transcript (SPEC §14), not only the owner from Settings: a
 * member opens Export in the room view and saves the whole conversation as Markdown and as JSON.
 */
@RunningServer(env = "LIMIT_AGENT_TURN_BUDGET=0")
class MemberExportUiTest extends BrowserSession {

    @Test
    void member_exportsTheWholeConversation_fromTheRoomView() {
        List<String> failures = new ArrayList<>();
        String alice = ui.newHumanToken("Alice");
        String bob = ui.newHumanToken("Bob");
        String roomId = ui.createRoom(alice, Map.of("name", "Member export"));
        UiHarness.Res link = ui.call("POST", "/rooms/" + roomId + "/humans", alice, Map.of("role", "member"));
        assertEquals(201, link.status(), link::toString);
        assertEquals(200, ui.call("POST", "/humans/accept", bob, Map.of("token", link.text("token"))).status());
        String key = ui.invite(roomId, alice, "Writer");
        ui.send(roomId, key, "# Plan\n\n- first item");
        ui.send(roomId, bob, "a member's own line");
        ui.send(roomId, key, "<img src=x onerror=alert(1)> stays text");

        ui.signInWithToken(bob);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().size() == 3 ? true : null);
        assertTrue(ui.driver.findElements(By.xpath("//main//button[normalize-space()='Settings']")).isEmpty(),
                "a member has no Settings: Export is their way to the transcript");
        ui.click(ui.button("Export"));
        WebElement panel = ui.awaitVisible(By.cssSelector("section[aria-label=Export]"));
        Axe.check(ui, "export panel as a member", failures);
        ui.captureDownloads();

        ui.click(ui.button(panel, "Download Markdown"));
        String markdown = ui.savedText(0);
        assertTrue(markdown.startsWith("# Member export"), markdown);
        assertTrue(markdown.indexOf("- first item") < markdown.indexOf("a member's own line")
                && markdown.indexOf("a member's own line") < markdown.indexOf("stays text"), markdown);
        ui.click(ui.button(panel, "Download JSON"));
        String json = ui.savedText(1);
        assertTrue(json.contains("\"a member's own line\"") && json.contains("\"human\""), json);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) ui.js("return window.__names;");
        assertEquals(2, names.size(), names::toString);
        assertTrue(names.get(0).endsWith(".md") && names.get(1).endsWith(".json"), names::toString);
        assertEquals(Boolean.FALSE, ui.js("return document.querySelector('[data-testid=feed] img') !== null;"),
                "agent content is text, never markup");
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
