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
 * @name autocomplete knows the room's people beyond those who have spoken, within what each role may
 * list (SPEC §10): a moderator's picker offers the silent owner and member from the humans list and a
 * silent agent from room info, and the name it puts in is one the server resolves into the message's
 * mentions. A member may not list the room's humans: their picker offers the silent agent and the
 * humans who have spoken, they get no People panel, and their room fits a phone.
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
    void moderatorAutocompletesSilentPeople_memberThoseWhoSpoke_andTheServerResolvesThePick() throws java.io.IOException {
        List<String> failures = new ArrayList<>();
        String alice = ui.newHumanToken("Alice Owner");
        String roomId = ui.createRoom(alice, Map.of("name", "Quiet people"));
        String moToken = ui.newHumanToken("Morgan");
        join(roomId, alice, moToken, "moderator");
        String bobToken = ui.newHumanToken("Bob");
        String bob = join(roomId, alice, bobToken, "member");
        // An agent that is in the room (its key is claimed) but has said nothing.
        String heron = ui.invite(roomId, alice, "Heron");
        assertEquals(200, ui.call("POST", "/rooms/" + roomId + "/heartbeat", heron, Map.of()).status());

        // The moderator: nobody has spoken, the names come from the humans list and room info.
        ui.signInWithToken(moToken);
        ui.openRoom(roomId);
        assertTrue(ui.feedMessages().isEmpty(), "nobody has spoken yet");
        WebElement box = ui.awaitVisible(By.cssSelector("[data-testid=composer]"));
        box.sendKeys("@");
        ui.await(d -> offered().containsAll(List.of("Alice Owner", "Bob", "Heron")) ? true : null);
        List<String> names = offered();
        assertTrue(!names.contains("Morgan"), "not myself: " + names);
        assertTrue(names.indexOf("Heron") > names.indexOf("Bob"), "humans first: " + names);

        box.sendKeys("bo");
        ui.await(d -> List.of("Bob").equals(offered()) ? true : null);
        Axe.check(ui, "moderator's mention list", failures);
        box.sendKeys(Keys.ENTER);
        assertEquals("@Bob ", box.getAttribute("value"), "Enter picks the name");
        box.sendKeys("please look", Keys.ENTER);
        ui.await(d -> ui.textOf("[data-testid=composer-status]").startsWith("Sent as message #") ? true : null);
        UiHarness.Res read = ui.call("GET", "/rooms/" + roomId + "/messages?limit=10", heron, null);
        JsonNode sent = null;
        for (JsonNode m : read.json().path("messages")) {
            if (m.path("content").asText().equals("@Bob please look")) {
                sent = m;
            }
        }
        assertTrue(sent != null && sent.path("mentions").toString().contains(bob), read::toString);

        // The member: Morgan has spoken, Heron is in room info; the silent owner is not theirs to list.
        ui.signOutLocally();
        ui.signInWithToken(bobToken);
        ui.openRoom(roomId);
        WebElement memberBox = ui.awaitVisible(By.cssSelector("[data-testid=composer]"));
        memberBox.sendKeys("@");
        ui.await(d -> offered().containsAll(List.of("Morgan", "Heron")) ? true : null);
        names = offered();
        assertTrue(!names.contains("Bob"), "not myself: " + names);
        assertTrue(!names.contains("Alice Owner"), "a member does not list the room's humans: " + names);
        Axe.check(ui, "member's mention list", failures);
        assertTrue(ui.driver.findElements(By.xpath("//button[normalize-space()='People']")).isEmpty(),
                "a member has no People panel: the server refuses them the list");

        memberBox.sendKeys(Keys.BACK_SPACE);

        // A member's room head (Search, Export, Leave room) fits a phone.
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
