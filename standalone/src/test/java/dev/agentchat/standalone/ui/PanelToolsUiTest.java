package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The moderator's tools beside the feed (issue 17, SPEC §14) in Chromium: deleting a message (and
 * seeing a deletion made elsewhere), the banned list with Unban, transcript downloads, search with
 * marked hits, a participant filter and a jump to the message, and the public rooms' read-only
 * preview; axe-core finds no serious violation in any of these panels. Screenshots of search and
 * preview at both sizes go to {@code target/screenshots}.
 */
@RunningServer(env = "LIMIT_AGENT_TURN_BUDGET=0")
class PanelToolsUiTest extends BrowserSession {

    private static void noSeriousViolations(String where) {
        List<String> found = Axe.violations(ui);
        assertEquals(List.of(), found, where + ":\n" + String.join("\n", found));
    }

    private static WebElement messageNode(long seq) {
        return ui.awaitVisible(By.cssSelector("[data-testid=feed] #seq-" + seq));
    }

    @Test
    void deleteMessage_blanksItForGood_andADeletionElsewhereShowsLive() {
        String token = ui.newHumanToken("Rita");
        String roomId = ui.createRoom(token, Map.of("name", "Redaction room"));
        String key = ui.invite(roomId, token, "Leaky");
        long leak = ui.send(roomId, key, "the password is swordfish").path("seq").asLong();
        long other = ui.send(roomId, key, "an ordinary message").path("seq").asLong();
        long later = ui.send(roomId, key, "a regrettable remark").path("seq").asLong();
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().size() == 3 ? true : null);

        WebElement node = messageNode(leak);
        ui.click(node.findElement(By.cssSelector("[data-testid=delete-message]")));
        WebElement dialog = ui.awaitVisible(By.cssSelector("dialog[open]"));
        assertTrue(dialog.getText().contains("erased for everyone"), dialog.getText());
        noSeriousViolations("delete confirmation");
        ui.click(ui.button(dialog, "Delete message"));
        ui.await(d -> "Message deleted".equals(messageNode(leak).findElement(By.cssSelector(".content")).getText()) ? true : null);
        assertFalse(ui.feedText().contains("swordfish"));
        assertTrue(messageNode(leak).findElements(By.cssSelector(".msg-actions button")).isEmpty(), "a deleted message keeps its buttons");
        JsonNode stored = ui.call("GET", "/rooms/" + roomId + "/messages?limit=200", token, null).json();
        assertFalse(stored.toString().contains("swordfish"), stored::toString);

        // Deleted by someone else (the admin key over REST): the open feed blanks it from the room's frame.
        UiHarness.Res byAdmin = ui.call("DELETE", "/rooms/" + roomId + "/messages/" + later, adminKey(token, roomId), null);
        assertEquals(200, byAdmin.status(), byAdmin::toString);
        ui.await(d -> "Message deleted".equals(messageNode(later).findElement(By.cssSelector(".content")).getText()) ? true : null);
        assertEquals("an ordinary message", messageNode(other).findElement(By.cssSelector(".content")).getText());

        // A fresh load shows both as deleted, from the stored events.
        ui.load("#/rooms/" + roomId);
        ui.await(d -> "Live".equals(ui.textOf("[data-testid=live-status]")) ? true : null);
        ui.await(d -> ui.feedMessages().equals(List.of("Message deleted", "an ordinary message", "Message deleted")) ? true : null);
    }

    /** A second admin key of the room (the invite route makes admin keys for the owner). */
    private static String adminKey(String token, String roomId) {
        UiHarness.Res res = ui.call("POST", "/rooms/" + roomId + "/invites", token, Map.of("label", "Second admin", "role", "admin"));
        assertEquals(201, res.status(), res::toString);
        return res.text("key");
    }

    @Test
    void bannedList_unbanLetsTheAgentBackThroughTheRoomKey() {
        String token = ui.newHumanToken("Bea");
        UiHarness.Res created = ui.call("POST", "/rooms", token, Map.of("name", "Ban room", "type", "public"));
        String roomId = created.json().path("room").path("id").asText();
        String roomKey = created.json().path("room").path("room_key").asText();
        UiHarness.Res joined = ui.call("POST", "/rooms/" + roomId + "/join", null, Map.of("room_key", roomKey, "name", "Pest"));
        assertEquals(201, joined.status(), joined::toString);
        String agentId = ui.send(roomId, joined.text("key"), "spam spam spam").path("agent_id").asText();
        assertEquals(200, ui.call("POST", "/rooms/" + roomId + "/agents/" + agentId + "/ban", token, null).status());
        assertEquals(403, ui.call("POST", "/rooms/" + roomId + "/join", null, Map.of("room_key", roomKey, "name", "Pest")).status());

        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.click(ui.button("Banned agents"));
        WebElement panel = ui.awaitVisible(By.cssSelector("section[aria-label='Banned agents']"));
        ui.await(d -> panel.getText().contains("Pest") ? true : null);
        assertTrue(panel.getText().contains("Kick") && panel.getText().contains("Ban"), "kick and ban are not explained");
        assertTrue(panel.getText().contains("Blocks its name on the room-key join"), panel.getText());
        // Who banned it: the owner, who signed up as Bea.
        assertEquals("by Bea", ui.textOf("section[aria-label='Banned agents'] [data-testid=banned-by]"));
        noSeriousViolations("banned agents panel");

        ui.click(ui.button(panel, "Unban"));
        ui.await(d -> panel.getText().contains("Nobody is banned") ? true : null);
        assertEquals(201, ui.call("POST", "/rooms/" + roomId + "/join", null, Map.of("room_key", roomKey, "name", "Pest")).status());
        assertEquals(0, ui.call("GET", "/rooms/" + roomId + "/bans", token, null).json().path("bans").size());
    }

    @Test
    void exportDownloads_holdTheWholeConversation_asMarkdownAndJson() {
        String token = ui.newHumanToken("Ezra");
        String roomId = ui.createRoom(token, Map.of("name", "Export room"));
        String key = ui.invite(roomId, token, "Writer");
        ui.send(roomId, key, "# Plan\n\n- first item");
        ui.send(roomId, key, "second message");
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().size() == 2 ? true : null);
        ui.click(ui.button("Settings"));
        WebElement transcript = ui.awaitVisible(By.cssSelector("[data-testid=transcript]"));
        noSeriousViolations("settings with transcript, archive and retention");
        ui.captureDownloads();

        ui.click(ui.button(transcript, "Download Markdown"));
        String markdown = ui.savedText(0);
        assertTrue(markdown.startsWith("# Export room"), markdown);
        assertTrue(markdown.indexOf("- first item") < markdown.indexOf("second message"), markdown);
        ui.click(ui.button(transcript, "Download JSON"));
        String json = ui.savedText(1);
        assertTrue(json.contains("\"second message\""), json);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) ui.js("return window.__names;");
        assertEquals(2, names.size(), names::toString);
        assertTrue(names.get(0).endsWith(".md") && names.get(1).endsWith(".json"), names::toString);

        // Archive from the same section: the room refuses posts until unarchived.
        ui.click(ui.button(transcript, "Archive room"));
        ui.click(ui.button(ui.awaitVisible(By.cssSelector("dialog[open]")), "Archive room"));
        ui.await(d -> ui.textOf("[data-testid=archive-state]").startsWith("Archived") ? true : null);
        assertEquals(409, ui.sendRes(roomId, key, "while archived").status());
        ui.click(ui.button(transcript, "Unarchive room"));
        ui.await(d -> !ui.textOf("[data-testid=archive-state]").startsWith("Archived") ? true : null);
        assertEquals(201, ui.sendRes(roomId, key, "after the archive").status());
    }

    @Test
    void search_marksHits_filtersByParticipant_andJumpsToTheMessage() throws IOException {
        String token = ui.newHumanToken("Sid");
        String roomId = ui.createRoom(token, Map.of("name", "Search room"));
        String ada = ui.invite(roomId, token, "Ada");
        String bob = ui.invite(roomId, token, "Bob");
        long deploy = ui.send(roomId, ada, "We deploy on Friday").path("seq").asLong();
        for (int i = 0; i < 30; i++) {
            ui.send(roomId, i % 2 == 0 ? bob : ada, "filler " + i + " about nothing in particular");
        }
        ui.send(roomId, bob, "DEPLOY went fine");
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.click(ui.button("Search"));
        WebElement panel = ui.awaitVisible(By.cssSelector("section[aria-label=Search]"));
        ui.type(By.id("search-q"), "deploy");
        ui.click(ui.button(panel, "Search"));
        ui.await(d -> panel.findElements(By.cssSelector("[data-testid=search-results] li")).size() == 2 ? true : null);
        List<String> marks = new ArrayList<>();
        panel.findElements(By.cssSelector("[data-testid=search-results] mark")).forEach(m -> marks.add(m.getText()));
        assertEquals(List.of("DEPLOY", "deploy"), marks, "hits newest first, each marked as written");
        assertTrue(ui.textOf("[data-testid=search-status]").startsWith("2 matches"), ui.textOf("[data-testid=search-status]"));
        noSeriousViolations("search panel with results");
        for (String size : List.of("desktop", "phone")) {
            if (size.equals("phone")) {
                ui.viewport(390, 844, true);
            } else {
                ui.viewport(1280, 800, false);
            }
            ui.screenshot("room-search-" + size, false);
        }
        ui.resetViewport();

        new Select(ui.driver.findElement(By.id("search-from"))).selectByVisibleText("Ada");
        ui.click(ui.button(panel, "Search"));
        ui.await(d -> panel.findElements(By.cssSelector("[data-testid=search-results] li")).size() == 1 ? true : null);
        WebElement jump = panel.findElement(By.cssSelector("[data-testid=search-results] a.seq"));
        assertEquals("Jump to #" + deploy, jump.getText());
        ui.click(jump);
        // The feed loads older pages until the message is there, then scrolls to it and marks it.
        ui.await(d -> {
            List<WebElement> target = d.findElements(By.cssSelector("[data-testid=feed] #seq-" + deploy + ".highlight"));
            return target.isEmpty() ? null : true;
        });
        assertTrue(ui.hash().endsWith("/seq-" + deploy), ui.hash());
    }

    @Test
    void publicPreview_letsAnySignedInHumanReadAPublicRoom() throws IOException {
        String owner = ui.newHumanToken("Olga");
        UiHarness.Res created = ui.call("POST", "/rooms", owner, Map.of("name", "Open forum", "type", "public",
                "description", "Agents discuss in public"));
        String roomId = created.json().path("room").path("id").asText();
        ui.send(roomId, created.text("admin_key"), "Welcome, **visitors**! <img src=x onerror=alert(1)>");
        String visitor = ui.newHumanToken("Vic");
        ui.signInWithToken(visitor);
        ui.go("#/public");
        WebElement card = ui.await(d -> d.findElements(By.cssSelector("ul.rooms li.room-card")).stream()
                .filter(li -> li.getText().contains("Open forum")).findFirst().orElse(null));
        ui.click(card.findElement(By.cssSelector(".preview-box summary")));
        WebElement preview = ui.await(d -> {
            WebElement p = card.findElement(By.cssSelector("[data-testid=preview]"));
            return p.getText().contains("Welcome, visitors!") ? p : null;
        });
        assertEquals("visitors", preview.findElement(By.cssSelector("strong")).getText());
        assertTrue(preview.findElements(By.cssSelector("img")).isEmpty(), "raw HTML became an image");
        assertTrue(preview.findElements(By.cssSelector("a.seq")).isEmpty(), "a visitor got permalinks into the room");
        noSeriousViolations("public rooms with a preview");
        for (String size : List.of("desktop", "phone")) {
            if (size.equals("phone")) {
                ui.viewport(390, 844, true);
            } else {
                ui.viewport(1280, 800, false);
            }
            ui.js("arguments[0].scrollIntoView({block: 'start'});", card);
            Path shot = ui.screenshot("public-preview-" + size, false);
            assertTrue(shot.toFile().length() > 0);
        }
        ui.resetViewport();
    }
}
