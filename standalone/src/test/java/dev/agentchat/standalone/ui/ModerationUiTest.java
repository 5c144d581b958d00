package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The moderator's side of a room: presence that follows the room's frames, the side panel beside
 * the feed, in-page confirmations, once-only secrets that stay listed, and double clicks that
 * create one thing.
 */
@RunningServer
class ModerationUiTest extends BrowserSession {
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    private static String presenceOf(String name) {
        return (String) ui.js("const li = [...document.querySelectorAll('[data-testid=agents] li.agent')]"
                + ".find(li => li.querySelector('.name').textContent === arguments[0]);"
                + "return li ? li.dataset.presence + ' | ' + li.textContent : null;", name);
    }

    @Test
    void presence_followsTheRoomsFrames_withinTwoSeconds() throws Exception {
        String token = ui.newHumanToken("Pam");
        String roomId = ui.createRoom(token, Map.of("name", "Presence room"));
        String restKey = ui.invite(roomId, token, "Resty");
        String socketKey = ui.invite(roomId, token, "Socky");
        ui.signInWithToken(token);
        ui.openRoom(roomId);

        ui.send(roomId, restKey, "polling along");
        String rest = ui.await(TWO_SECONDS, d -> {
            String p = presenceOf("Resty");
            return p != null && p.startsWith("active |") ? p : null;
        });
        assertTrue(rest.contains("Active via REST") && rest.contains("last seen just now"), rest);

        try (WsClient socket = ui.socketAgent(roomId, socketKey)) {
            String online = ui.await(TWO_SECONDS, d -> {
                String p = presenceOf("Socky");
                return p != null && p.startsWith("online |") ? p : null;
            });
            assertTrue(online.contains("Online via WebSocket"), online);
            socket.say("on the socket");
            ui.await(d -> ui.feedMessages().contains("on the socket") ? true : null);
            assertTrue(presenceOf("Socky").startsWith("online |"), "a socket agent that sends stays online");
        }
        String gone = ui.await(TWO_SECONDS, d -> {
            String p = presenceOf("Socky");
            return p != null && p.startsWith("offline |") ? p : null;
        });
        assertTrue(gone.contains("Offline"), gone);
        // Here first: the agent that can answer now heads the list.
        assertEquals("Resty", ui.js("return document.querySelector('[data-testid=agents] li.agent .name').textContent;"));
    }

    @Test
    void sidePanel_keepsTheFeedInView_escapeCloses_andFocusComesBack() {
        String token = ui.newHumanToken("Dora");
        String roomId = ui.createRoom(token, Map.of("name", "Drawer room"));
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        // An empty room says what to do next.
        WebElement empty = ui.awaitVisible(By.cssSelector("[data-testid=feed] .empty"));
        assertTrue(empty.getText().contains("Waiting for agents"), empty.getText());

        WebElement opener = ui.button("Invite an agent");
        ui.click(opener);
        WebElement drawer = ui.awaitVisible(By.cssSelector("[data-testid=drawer] section[aria-label=Invites]"));
        assertEquals("Invite an agent", ui.js("return document.activeElement.textContent;"), "focus moves into the panel");
        WebElement feed = ui.driver.findElement(By.cssSelector("[data-testid=feed]"));
        assertTrue(feed.isDisplayed(), "the feed stays on screen");
        assertTrue((Boolean) ui.js("const f = arguments[0].getBoundingClientRect(), d = arguments[1].getBoundingClientRect();"
                + "return f.left < d.left - 200 && f.bottom > 0 && f.top < innerHeight;", feed, drawer),
                "the panel sits beside the feed, not above it");
        new Actions(ui.driver).sendKeys(Keys.ESCAPE).perform();
        ui.await(d -> d.findElements(By.cssSelector("[data-testid=drawer] section")).isEmpty() ? true : null);
        assertEquals(Boolean.TRUE, ui.js("return document.activeElement === arguments[0];", opener), "focus goes back");

        // The empty state's own button opens the same panel.
        ui.click(ui.button(empty, "Copy an invite"));
        ui.awaitVisible(By.cssSelector("[data-testid=drawer] section[aria-label=Invites]"));
        ui.click(ui.button(ui.driver.findElement(By.cssSelector("[data-testid=drawer]")), "Close"));
        ui.await(d -> d.findElements(By.cssSelector("[data-testid=drawer] section")).isEmpty() ? true : null);
    }

    @Test
    void doubleClicks_createOneRoom_andOneInvite() {
        String token = ui.newHumanToken("Dee");
        ui.signInWithToken(token);
        ui.type(By.id("room-name"), "Double room");
        WebElement create = ui.driver.findElement(By.cssSelector("form[aria-label='Create a room'] button[type=submit]"));
        ui.js("arguments[0].scrollIntoView({block: 'center'});", create);
        new Actions(ui.driver).doubleClick(create).perform();
        ui.awaitVisible(By.cssSelector("[data-testid=instructions]"));
        ui.await(d -> ui.textOf("ul.rooms").contains("Double room") ? true : null);
        JsonNode rooms = ui.call("GET", "/rooms", token, null).json().path("rooms");
        assertEquals(1, rooms.size(), "a double click made " + rooms.size() + " rooms");
        String roomId = rooms.get(0).path("id").asText();

        ui.openRoom(roomId);
        ui.click(ui.button("Invite an agent"));
        ui.type(By.id("inv-label"), "Twice");
        WebElement generate = ui.button(ui.driver.findElement(By.cssSelector("section[aria-label=Invites]")), "Generate invite");
        new Actions(ui.driver).doubleClick(generate).perform();
        ui.await(d -> ui.textOf("section[aria-label=Invites] table").contains("Twice") ? true : null);
        JsonNode invites = ui.call("GET", "/rooms/" + roomId + "/invites", token, null).json().path("invites");
        long twice = 0;
        for (JsonNode invite : invites) {
            twice += "Twice".equals(invite.path("label").asText()) ? 1 : 0;
        }
        assertEquals(1, twice, "a double click made " + twice + " invites: " + invites);
    }

    @Test
    void secrets_stayListedUntilDismissed_warnBeforeLeaving_andRotationAsksFirst() {
        String token = ui.newHumanToken("Sam");
        ui.signInWithToken(token);
        ui.driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", ui.base,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        ui.type(By.id("room-name"), "Secret room");
        new org.openqa.selenium.support.ui.Select(ui.driver.findElement(By.id("room-type"))).selectByValue("public");
        ui.click(ui.driver.findElement(By.cssSelector("form[aria-label='Create a room'] button[type=submit]")));
        WebElement admin = ui.awaitVisible(By.cssSelector(".secret"));
        assertTrue(admin.getText().contains("Not copied yet"), admin.getText());
        assertTrue(admin.findElement(By.cssSelector("[data-testid=room-key]")).getText().startsWith("rk_"));
        assertEquals(Boolean.TRUE, leavingIsQuestioned(), "an uncopied secret makes leaving ask first");

        ui.click(ui.button(admin, "Open the room →"));
        ui.await(d -> ui.hash().startsWith("#/rooms/") ? true : null);
        ui.await(d -> "Live".equals(ui.textOf("[data-testid=live-status]")) ? true : null);
        ui.click(ui.button("Invite an agent"));
        WebElement invites = ui.awaitVisible(By.cssSelector("section[aria-label=Invites]"));
        for (String label : List.of("First", "Second")) {
            ui.type(By.id("inv-label"), label);
            ui.click(ui.button(invites, "Generate invite"));
            ui.await(d -> invites.getText().contains("Invite for " + label) ? true : null);
        }
        List<WebElement> blocks = invites.findElements(By.cssSelector(".secret"));
        assertEquals(3, blocks.size(), "the admin block and both invites stay listed");
        assertTrue(blocks.get(0).getText().startsWith("Invite for Second"), "newest first: " + blocks.get(0).getText());

        // Dismissing one never copied asks first; cancelling keeps it.
        ui.click(ui.button(blocks.get(1), "Dismiss"));
        WebElement ask = ui.awaitVisible(By.cssSelector("dialog[open]"));
        assertTrue(ask.getText().contains("Dismiss without copying?"), ask.getText());
        ui.click(ui.button(ask, "Dismiss it"));
        ui.await(d -> invites.findElements(By.cssSelector(".secret")).size() == 2 ? true : null);

        for (WebElement block : invites.findElements(By.cssSelector(".secret"))) {
            ui.click(ui.button(block, "Copy instructions"));
            ui.await(d -> block.getText().contains("Copied") ? true : null);
        }
        WebElement roomKey = invites.findElement(By.cssSelector(".secret [data-testid=room-key]"));
        String oldKey = roomKey.getText();
        assertTrue(oldKey.startsWith("rk_"), oldKey);
        assertTrue(ui.js("return arguments[0].parentElement.querySelector('button').textContent;", roomKey).equals("Copy"),
                "the room key has its own copy button");
        assertEquals(Boolean.FALSE, leavingIsQuestioned(), "all copied: leaving is free");
        new Actions(ui.driver).sendKeys(Keys.ESCAPE).perform();

        // Rotation asks first; cancelled, no new key; confirmed, the new key is listed with a copy button.
        ui.click(ui.button("Settings"));
        WebElement settings = ui.awaitVisible(By.cssSelector("section[aria-label='Room settings']"));
        ui.click(ui.button(settings, "Rotate room key"));
        WebElement rotate = ui.awaitVisible(By.cssSelector("dialog[open]"));
        assertTrue(rotate.getText().contains("Rotate the room key?"), rotate.getText());
        ui.click(ui.button(rotate, "Cancel"));
        ui.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty() ? true : null);
        assertTrue(settings.findElements(By.cssSelector(".secret")).isEmpty(), "cancelled: nothing rotated");
        ui.click(ui.button(settings, "Rotate room key"));
        ui.click(ui.button(ui.awaitVisible(By.cssSelector("dialog[open]")), "Rotate key"));
        WebElement fresh = ui.await(d -> settings.findElements(By.cssSelector(".secret")).stream().findFirst().orElse(null));
        String newKey = fresh.findElement(By.cssSelector("[data-testid=room-key]")).getText();
        assertTrue(newKey.startsWith("rk_") && !newKey.equals(oldKey), newKey);
        assertTrue(fresh.findElements(By.cssSelector("button")).stream().anyMatch(b -> b.getText().equals("Copy")));

        // Back on the dashboard every secret of this session is still there.
        ui.go("#/");
        ui.await(d -> d.findElements(By.cssSelector("main .secret")).size() == 3 ? true : null);
        assertFalse(ui.textOf("main").contains("Invite for First"), "the dismissed one stays gone");
    }

    @Test
    void publicRoom_theRoomKeyHolderGetsAnAgentKey() {
        String owner = ui.newHumanToken("Olive");
        String unique = java.util.UUID.randomUUID().toString().substring(0, 6);
        UiHarness.Res created = ui.call("POST", "/rooms", owner, Map.of("name", "Open door " + unique, "type", "public"));
        assertEquals(201, created.status(), created::toString);
        String roomId = created.json().path("room").path("id").asText();
        String roomKey = created.json().path("room").path("room_key").asText();
        assertTrue(roomKey.startsWith("rk_"), created::toString);

        ui.signInWithToken(ui.newHumanToken("Guest"));
        ui.go("#/public");
        WebElement search = ui.awaitVisible(By.cssSelector("input[type=search]"));
        search.sendKeys("Open door " + unique);
        // The search has been applied once only this room is listed (earlier lists are re-rendered).
        WebElement card = ui.await(d -> {
            List<WebElement> cards = d.findElements(By.cssSelector("ul.rooms li.room-card"));
            return cards.size() == 1 && cards.get(0).getText().contains("Open door " + unique) ? cards.get(0) : null;
        });
        assertFalse(card.getText().contains("POST"), "no raw API line on the card: " + card.getText());
        ui.click(card.findElement(By.cssSelector("summary")));
        WebElement form = card.findElement(By.cssSelector("form.join"));
        ui.click(ui.button(form, "Get an agent key"));
        ui.await(d -> ui.textOf("#jk-" + roomId + "-error").contains("Paste the room key") ? true : null);
        ui.type(By.id("jk-" + roomId), "rk_wrong");
        ui.click(ui.button(form, "Get an agent key"));
        ui.await(d -> ui.textOf("#jk-" + roomId + "-error").contains("Wrong room key") ? true : null);

        ui.type(By.id("jk-" + roomId), roomKey);
        ui.type(By.id("jn-" + roomId), "Guest agent");
        ui.click(ui.button(form, "Get an agent key"));
        WebElement block = ui.awaitVisible(By.cssSelector("ul.rooms .secret pre[data-testid=instructions]"));
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("ak_[0-9A-Za-z]{43}").matcher(block.getText());
        assertTrue(key.find(), block.getText());
        assertEquals(201, ui.sendRes(roomId, key.group(), "hello from the guest").status(), "the key works");
        assertTrue(leavingIsQuestioned(), "a fresh agent key is a secret like any other");
    }

    private static Boolean leavingIsQuestioned() {
        return (Boolean) ui.js("const e = new Event('beforeunload', {cancelable: true});"
                + "window.dispatchEvent(e); return e.defaultPrevented;");
    }
}
