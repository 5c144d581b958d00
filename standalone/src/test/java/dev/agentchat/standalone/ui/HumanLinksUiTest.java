package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The owner's panel of human invite links still waiting to be accepted (SPEC §10): it lists each
 * with its role and maker, says when the room's cap (here 2) is reached and stops offering a new
 * link, and a link revoked there no longer lets anyone in through the accept page.
 */
@RunningServer(env = "LIMIT_HUMAN_LINKS_PER_ROOM=2")
class HumanLinksUiTest extends BrowserSession {
    private static final String SECTION = "section[aria-label=People] [data-testid=links-section]";

    private static List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        ui.driver.findElements(By.cssSelector(SECTION + " li.link")).forEach(li -> ids.add(li.getAttribute("data-invite")));
        return ids;
    }

    /** All of an element's text, scrolled into view or not (getText leaves out what the drawer has scrolled away). */
    private static String contentOf(String css) {
        return (String) ui.js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
    }

    private static boolean serverLists(String roomId, String token, String inviteId) {
        UiHarness.Res res = ui.call("GET", "/rooms/" + roomId + "/human-links", token, null);
        assertEquals(200, res.status(), res::toString);
        for (JsonNode link : res.json().path("links")) {
            if (link.path("invite_id").asText().equals(inviteId)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void owner_seesLinksAndTheCap_revokesOne_andTheAcceptPageThenRefusesIt() throws java.io.IOException {
        List<String> failures = new ArrayList<>();
        String alice = ui.newHumanToken("Alice");
        String roomId = ui.createRoom(alice, Map.of("name", "Links room"));
        UiHarness.Res made = ui.call("POST", "/rooms/" + roomId + "/humans", alice, Map.of("role", "member"));
        assertEquals(201, made.status(), made::toString);
        String memberLink = made.text("invite_id");
        String memberToken = made.text("token");

        ui.signInWithToken(alice);
        ui.openRoom(roomId);
        ui.click(ui.button("Invite a human"));
        // The listing reads an index that may lag the create by a moment: wait for the link to show.
        ui.await(d -> listedIds().contains(memberLink) ? true : null);
        String row = contentOf(SECTION + " li[data-invite='" + memberLink + "']");
        assertTrue(row.contains("Member") && row.contains("by you"), row);
        assertEquals("1 of 2", ui.textOf(SECTION + " [data-testid=links-count]"));

        // A second link from the panel reaches the cap: the count, the notice and the button say so.
        WebElement people = ui.driver.findElement(By.cssSelector("section[aria-label=People]"));
        ui.driver.findElement(By.cssSelector("#hum-role option[value=moderator]")).click();
        ui.click(ui.button(people, "Create invite link"));
        ui.await(d -> listedIds().size() == 2 ? true : null);
        ui.await(d -> "2 of 2".equals(ui.textOf(SECTION + " [data-testid=links-count]")) ? true : null);
        String status = contentOf(SECTION + " [data-testid=links-status]");
        assertTrue(status.contains("the most it may have"), status);
        ui.await(d -> !ui.button(people, "Create invite link").isEnabled() ? true : null);
        assertTrue(ui.awaitVisible(By.cssSelector("[data-testid=links-cap]")).getText().contains("revoke one"),
                "the reason is beside the disabled button");
        String moderatorRow = contentOf(SECTION + " li:not([data-invite='" + memberLink + "'])");
        assertTrue(moderatorRow.contains("Moderator"), moderatorRow);
        Axe.check(ui, "invite links at the cap", failures);
        ui.js("document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", SECTION);
        ui.screenshot("human-links-at-cap", false);

        // Revoke the member link: a confirmation first, then it leaves the list and the cap frees.
        WebElement revoke = ui.driver.findElement(By.cssSelector(SECTION + " li[data-invite='" + memberLink + "'] button"));
        ui.click(revoke);
        WebElement dialog = ui.awaitVisible(By.cssSelector("dialog[open]"));
        Axe.check(ui, "revoke link confirmation", failures);
        ui.click(ui.button(dialog, "Revoke link"));
        ui.await(d -> !listedIds().contains(memberLink) ? true : null);
        assertEquals("1 of 2", ui.textOf(SECTION + " [data-testid=links-count]"));
        ui.await(d -> ui.button(people, "Create invite link").isEnabled() ? true : null);
        ui.await(d -> !serverLists(roomId, alice, memberLink) ? true : null);

        // Bob, holding the revoked link, is refused on the accept page and stays out of the room.
        String bob = ui.newHumanToken("Bob");
        ui.signOutLocally();
        ui.signInWithToken(bob);
        ui.load("#/accept/" + memberToken);
        ui.click(ui.awaitVisible(By.cssSelector("[data-testid=accept-join]")));
        WebElement problem = ui.awaitVisible(By.cssSelector("[data-testid=accept-problem]"));
        assertTrue(problem.getText().contains("revoked"), problem.getText());
        assertFalse(ui.hash().startsWith("#/rooms/"), ui.hash());
        UiHarness.Res room = ui.call("GET", "/rooms/" + roomId, bob, null);
        assertTrue(room.status() == 403 || room.status() == 404, room::toString);
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
