package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A member's @name autocomplete knows everyone in the room from its member lists (SPEC §10), not
 * only those who have spoken: the silent owner and moderator from the humans list, a silent agent
 * from room info. The name it puts in is one the server resolves into the message's mentions. The
 * member's People panel lists the room's humans, with nothing to remove, and their room fits a phone.
 */
@RunningServer
class MemberMentionsUiTest extends BrowserSession {

    private static String join(String roomId, String owner, String human, String role) {
        UiHarness.Res link = ui.call("POST", "/rooms/" + roomId + "/humans", owner, Map.of("role", role));
        assertEquals(201, link.status(), link::toString);
        UiHarness.Res accepted = ui.call("POST", "/humans/accept", human, Map.of("token", link.text("token")));
        assertEquals(200, accepted.status(), accepted::toString);
        return ui.call("GET", "/me", human, null).text("id");
    }

    @SuppressWarnings("unchecked")
    private static List<String> offered() {
        return (List<String>) ui.js("return [...document.querySelectorAll('[data-testid=mention-list] li > span:first-child')]"
                + ".map(e => e.textContent);");
    }

    @Test
    void member_autocompletesSilentHumansAndAgents_andTheServerResolvesThePick() throws java.io.IOException {
        List<String> failures = new ArrayList<>();
        String alice = ui.newHumanToken("Alice Owner");
        String roomId = ui.createRoom(alice, Map.of("name", "Quiet people"));
        String moToken = ui.newHumanToken("Morgan");
        String morgan = join(roomId, alice, moToken, "moderator");
        String bob = ui.newHumanToken("Bob");
        join(roomId, alice, bob, "member");
        // An agent that is in the room (its key is claimed) but has said nothing.
        String heron = ui.invite(roomId, alice, "Heron");
        assertEquals(200, ui.call("POST", "/rooms/" + roomId + "/heartbeat", heron, Map.of()).status());

        ui.signInWithToken(bob);
        ui.openRoom(roomId);
        assertTrue(ui.feedMessages().isEmpty(), "nobody has spoken: the names come from the member lists");
        WebElement box = ui.awaitVisible(By.cssSelector("[data-testid=composer]"));
        box.sendKeys("@");
        ui.await(d -> offered().containsAll(List.of("Alice Owner", "Morgan", "Heron")) ? true : null);
        List<String> names = offered();
        assertTrue(!names.contains("Bob"), "not myself: " + names);
        assertTrue(names.indexOf("Heron") > names.indexOf("Morgan"), "humans first: " + names);

        box.sendKeys("mor");
        ui.await(d -> List.of("Morgan").equals(offered()) ? true : null);
        Axe.check(ui, "member's mention list", failures);
        box.sendKeys(Keys.ENTER);
        assertEquals("@Morgan ", box.getAttribute("value"), "Enter picks the name");
        box.sendKeys("please look", Keys.ENTER);
        ui.await(d -> ui.textOf("[data-testid=composer-status]").startsWith("Sent as message #") ? true : null);
        UiHarness.Res read = ui.call("GET", "/rooms/" + roomId + "/messages?limit=10", heron, null);
        JsonNode sent = null;
        for (JsonNode m : read.json().path("messages")) {
            if (m.path("content").asText().equals("@Morgan please look")) {
                sent = m;
            }
        }
        assertTrue(sent != null && sent.path("mentions").toString().contains(morgan), read::toString);

        // The People panel: the room's humans, me marked, nothing a member could remove.
        ui.click(ui.button("People"));
        WebElement table = ui.awaitVisible(By.cssSelector("[data-testid=humans]"));
        ui.await(d -> table.getText().contains("Morgan") && table.getText().contains("Alice Owner") ? true : null);
        assertTrue(table.getText().contains("Bob (you)"), table.getText());
        assertTrue(table.findElements(By.tagName("button")).isEmpty(), "a member removes nobody");
        assertTrue(ui.driver.findElements(By.cssSelector("[data-testid=links-section]")).isEmpty(), "nor sees the owner's links");
        Axe.check(ui, "people panel as a member", failures);

        // A member's room head (Search, Export, People, Leave room) fits a phone.
        ui.click(ui.button("Close"));
        ui.viewport(390, 844, true);
        try {
            ui.js("window.scrollTo(0, 0);");
            ui.awaitVisible(By.cssSelector("[data-testid=leave-room]"));
            Object wide = ui.js("const w = document.documentElement.clientWidth;"
                    + "if (document.documentElement.scrollWidth <= w) return null;"
                    + "return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                    + ".slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ');");
            assertEquals(null, wide, "a member's room is wider than a phone");
            ui.screenshot("room-member-phone", false);
        } finally {
            ui.resetViewport();
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
