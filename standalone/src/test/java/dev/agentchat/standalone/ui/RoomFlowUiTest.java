package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The human's whole journey in a real browser: sign up, create a room, invite an agent with the
 * copied block's key, watch it talk live, kick it, change the settings and delete the room; plus
 * signing out, an ended session, the public rooms search and history after leaving the room view.
 */
@RunningServer
class RoomFlowUiTest extends BrowserSession {
    private static final Pattern AGENT_KEY = Pattern.compile("ak_[0-9A-Za-z]{43}");

    @Test
    void signUp_createRoom_inviteAgent_liveFeed_kick_settings_delete() {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String roomName = "Flow room " + unique;

        // Sign up in the browser; it signs in and lands on the dashboard.
        ui.load("#/signup");
        ui.type(By.id("f-name"), "Flo Owner");
        ui.type(By.id("f-email"), UiHarness.uniqueEmail("flow"));
        ui.type(By.id("f-password"), UiHarness.PASSWORD);
        ui.click(ui.button("Create account"));
        ui.await(d -> "#/".equals(ui.hash()) && "Your rooms".equals(ui.textOf("main h1")) ? true : null);
        assertTrue(ui.textOf("#nav").contains("Flo Owner"), ui.textOf("#nav"));
        assertTrue(ui.textOf("ul.rooms").contains("No rooms yet"), ui.textOf("ul.rooms"));

        // Create a room: the admin agent's invite block appears, and the room is listed.
        ui.type(By.id("room-name"), roomName);
        ui.type(By.id("room-desc"), "Two agents plan the launch.");
        new Select(ui.driver.findElement(By.id("room-type"))).selectByValue("private");
        ui.type(By.id("room-max"), "5");
        ui.click(ui.driver.findElement(By.cssSelector("form[aria-label='Create a room'] button[type=submit]")));
        WebElement adminBlock = ui.awaitVisible(By.cssSelector("[data-testid=instructions]"));
        assertTrue(AGENT_KEY.matcher(adminBlock.getText()).find(), "no admin key in the block: " + adminBlock.getText());
        assertTrue(ui.textOf("main").contains("shown only once"), "the block must warn that it is shown once");
        // The test server is on loopback, so the block's URLs are too: the UI says how to fix that.
        String notice = String.valueOf(ui.textOf("[data-testid=loopback-notice]"));
        assertTrue(notice.contains("--public-url") && notice.contains("tunnel") && notice.contains("deploy"), notice);
        ui.await(d -> ui.textOf("ul.rooms").contains(roomName) ? true : null);
        String roomsText = ui.textOf("ul.rooms");
        assertTrue(roomsText.contains("Two agents plan the launch."), roomsText);

        // Open the room from the block's link.
        ui.click(ui.button("Open the room →"));
        ui.await(d -> ui.hash().startsWith("#/rooms/") ? true : null);
        String roomId = ui.hash().substring("#/rooms/".length());
        ui.await(d -> "Live".equals(ui.textOf("[data-testid=live-status]")) ? true : null);
        assertEquals(roomName, ui.textOf(".room-head h1"));
        ui.js("window.__sameDocument = 'yes';");

        // Invite an agent: label, role, template; read the key from the instruction block.
        ui.click(ui.button("Invite an agent"));
        WebElement invites = ui.awaitVisible(By.cssSelector("section[aria-label=Invites]"));
        ui.type(By.id("inv-label"), "Scout");
        new Select(ui.driver.findElement(By.id("inv-role"))).selectByValue("member");
        new Select(ui.driver.findElement(By.id("inv-template"))).selectByValue("curl");
        ui.click(ui.button(invites, "Generate invite"));
        // Every block of this page session stays listed (the admin one too): this one is named for its agent.
        WebElement block = ui.awaitVisible(By.cssSelector(
                "section[aria-label=Invites] section[aria-label='Invite for Scout'] pre[data-testid=instructions]"));
        String blockText = block.getText();
        Matcher keyMatch = AGENT_KEY.matcher(blockText);
        assertTrue(keyMatch.find(), "no agent key in the copied block: " + blockText);
        String key = keyMatch.group();
        assertTrue(blockText.contains(roomId), "the block names the room: " + blockText);
        assertTrue(blockText.contains("curl"), "the curl template was chosen: " + blockText);
        assertTrue(invites.getText().contains("shown only once"), invites.getText());
        // Copy either reaches the clipboard or, where the browser refuses, selects the block for Ctrl+C.
        ui.click(ui.button(invites.findElement(By.cssSelector("section[aria-label='Invite for Scout']")), "Copy instructions"));
        String copied = ui.await(d -> {
            String toast = ui.textOf("#toast.show");
            return toast == null || toast.isBlank() ? null : toast;
        });
        assertTrue(copied.startsWith("Copied") || copied.startsWith("Selected"), copied);
        if (copied.startsWith("Selected")) {
            assertTrue(((String) ui.js("return String(window.getSelection());")).contains(key), "the block is selected");
        }
        ui.await(d -> invites.getText().contains("not used yet") ? true : null);

        // The agent posts with that key: the message arrives live, the agent shows in the sidebar.
        ui.send(roomId, key, "Hello from Scout, over REST.");
        ui.await(d -> ui.feedMessages().contains("Hello from Scout, over REST.") ? true : null);
        WebElement message = ui.driver.findElement(By.cssSelector("[data-testid=feed] .msg:last-of-type"));
        assertEquals("Scout", message.findElement(By.cssSelector(".name")).getText());
        assertEquals("yes", ui.js("return window.__sameDocument;"), "the feed must update without a reload");
        WebElement agent = ui.await(d -> d.findElements(By.cssSelector("[data-testid=agents] li.agent")).stream()
                .filter(li -> li.getText().contains("Scout")).findFirst().orElse(null));
        WebElement dot = agent.findElement(By.cssSelector(".dot"));
        String dotClass = dot.getAttribute("class");
        assertTrue(dotClass.contains("active"), "a REST agent that just posted is active: " + dotClass);
        assertTrue(dot.isDisplayed() && dot.getSize().getWidth() > 0, "the presence dot is visible");
        assertTrue(agent.getText().contains("Active via REST"), "presence in words: " + agent.getText());
        assertTrue(agent.getText().contains("last seen"), agent.getText());
        ui.await(d -> ui.textOf("section[aria-label=Invites] table").contains("claimed") ? true : null);

        // Kick it from the sidebar, confirming the in-page dialog: it is gone and the feed says so.
        WebElement kick = ui.button(agent, "Kick");
        ui.click(kick);
        WebElement confirm = ui.awaitVisible(By.cssSelector("dialog[open][data-testid=dialog]"));
        assertTrue(confirm.getText().startsWith("Kick Scout?"), confirm.getText());
        assertTrue(confirm.getText().contains("not final"), "a kick says it is not a ban: " + confirm.getText());
        assertEquals("Cancel", ui.js("return document.activeElement.textContent;"), "focus starts on the safe choice");
        // Escape cancels and gives focus back to the button that opened it.
        confirm.sendKeys(org.openqa.selenium.Keys.ESCAPE);
        ui.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty() ? true : null);
        assertEquals(Boolean.TRUE, ui.js("return document.activeElement === arguments[0];", kick), "focus returns to Kick");
        assertTrue(ui.textOf("[data-testid=agents]").contains("Scout"), "cancelled: Scout stays");
        ui.click(kick);
        confirm = ui.awaitVisible(By.cssSelector("dialog[open][data-testid=dialog]"));
        ui.click(ui.button(confirm, "Kick Scout"));
        ui.await(d -> d.findElements(By.cssSelector("[data-testid=agents] li.agent")).stream()
                .noneMatch(li -> li.getText().contains("Scout")) ? true : null);
        ui.await(d -> d.findElements(By.cssSelector("[data-testid=feed] .event.system")).stream()
                .anyMatch(e -> e.getText().contains("Scout was removed")) ? true : null);
        UiHarness.Res refused = ui.sendRes(roomId, key, "Still here?");
        assertTrue(refused.status() == 401 || refused.status() == 403, "a kicked key must stop working: " + refused);

        // The invite panel closes again.
        ui.click(ui.button(invites, "Close"));
        ui.await(d -> d.findElements(By.cssSelector("section[aria-label=Invites]")).isEmpty() ? true : null);

        // Settings: a new name and max members, shown in the header and kept by the server.
        String newName = "Renamed " + unique;
        ui.click(ui.button("Settings"));
        ui.awaitVisible(By.id("set-name"));
        ui.type(By.id("set-name"), newName);
        ui.type(By.id("set-max"), "7");
        ui.click(ui.button("Save settings"));
        ui.await(d -> newName.equals(ui.textOf(".room-head h1")) ? true : null);
        String token = (String) ui.js("return localStorage.getItem('agentchat.token');");
        JsonNode room = ui.call("GET", "/rooms/" + roomId, token, null).json().path("room");
        assertEquals(newName, room.path("name").asText());
        assertEquals(7, room.path("max_members").asInt());

        // Delete with the typed confirmation: the button only arms on the exact (new) name.
        assertEquals(newName, ui.driver.findElement(By.id("del-confirm")).getAttribute("placeholder"));
        WebElement delete = ui.button("Delete room");
        assertFalse(delete.isEnabled(), "delete must start disarmed");
        ui.type(By.id("del-confirm"), roomName);
        assertFalse(delete.isEnabled(), "the old name must not arm delete");
        ui.type(By.id("del-confirm"), newName);
        assertTrue(delete.isEnabled(), "the room's name arms delete");
        ui.click(delete);
        ui.await(d -> "#/".equals(ui.hash()) && "Your rooms".equals(ui.textOf("main h1")) ? true : null);
        ui.await(d -> ui.textOf("ul.rooms").contains("No rooms yet") ? true : null);
        assertFalse(ui.textOf("main").contains(newName), ui.textOf("main"));
        assertEquals(404, ui.call("GET", "/rooms/" + roomId, token, null).status());
    }

    @Test
    void signOut_returnsToSignIn_andEndsTheSession() {
        String token = ui.newHumanToken("Sigrid");
        ui.signInWithToken(token);
        ui.click(ui.button("Sign out"));
        ui.await(d -> "#/login".equals(ui.hash()) && ui.textOf("form.auth h1") != null ? true : null);
        assertEquals("Sign in", ui.textOf("form.auth h1"));
        assertNull(ui.js("return localStorage.getItem('agentchat.token');"));
        assertEquals(401, ui.call("GET", "/me", token, null).status(), "signing out ends the session server-side");
        assertFalse(ui.textOf("#nav").contains("Sigrid"), ui.textOf("#nav"));

        // Signing back in through the form works.
        ui.go("#/");
        ui.await(d -> "#/login".equals(ui.hash()) ? true : null);
    }

    @Test
    void endedSession_goesBackToSignInCleanly() {
        String token = ui.newHumanToken("Eve");
        String roomId = ui.createRoom(token, Map.of("name", "Soon gone"));
        ui.signInWithToken(token);
        ui.openRoom(roomId);

        // The session ends elsewhere (another tab signed out); the next step leads to sign-in.
        String browserToken = (String) ui.js("return localStorage.getItem('agentchat.token');");
        assertEquals(token, browserToken);
        assertEquals(204 / 100, ui.call("POST", "/auth/logout", browserToken, null).status() / 100);
        ui.go("#/");
        ui.await(d -> "#/login".equals(ui.hash()) && "Sign in".equals(ui.textOf("form.auth h1")) ? true : null);
        assertNull(ui.js("return localStorage.getItem('agentchat.token');"));
        assertTrue(ui.textOf("#toast").contains("session has ended"), ui.textOf("#toast"));
        assertTrue(ui.button("Sign in").isDisplayed());
        // Stays there: no error panel, no loop back to a protected route.
        ui.await(d -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "#/login".equals(ui.hash()) ? true : null;
        });
        assertFalse(ui.textOf("main").contains("Room not available"), ui.textOf("main"));

        // A fresh load with the dead token in storage also lands on sign-in.
        ui.js("localStorage.setItem('agentchat.token', arguments[0]);", token);
        ui.load("#/rooms/" + roomId);
        ui.await(d -> "#/login".equals(ui.hash()) && "Sign in".equals(ui.textOf("form.auth h1")) ? true : null);

        // And signing in with the form goes back to the dashboard.
        String email = UiHarness.uniqueEmail("eve");
        ui.call("POST", "/auth/signup", null, Map.of("email", email, "password", UiHarness.PASSWORD, "name", "Eve Two"));
        ui.type(By.id("f-email"), email);
        ui.type(By.id("f-password"), UiHarness.PASSWORD);
        ui.click(ui.button(ui.driver.findElement(By.cssSelector("form.auth")), "Sign in"));
        ui.await(d -> "#/".equals(ui.hash()) && "Your rooms".equals(ui.textOf("main h1")) ? true : null);
    }

    @Test
    void wrongPassword_showsAnErrorInTheForm() {
        ui.load("#/login");
        ui.type(By.id("f-email"), UiHarness.uniqueEmail("nobody"));
        ui.type(By.id("f-password"), "not the password");
        ui.click(ui.button(ui.driver.findElement(By.cssSelector("form.auth")), "Sign in"));
        String error = ui.await(d -> {
            String text = ui.textOf("form.auth .error");
            return text == null || text.isBlank() ? null : text;
        });
        assertEquals("#/login", ui.hash());
        assertFalse(error.isBlank());
    }

    @Test
    void publicRooms_search() {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String token = ui.newHumanToken("Pia");
        ui.createRoom(token, Map.of("name", "Zephyr Lab " + unique, "type", "public", "description", "Wind tunnel"));
        ui.createRoom(token, Map.of("name", "Quokka Den " + unique, "type", "public"));
        ui.createRoom(token, Map.of("name", "Hidden Zephyr " + unique, "type", "private"));

        ui.load("#/public");
        ui.await(d -> ui.textOf("ul.rooms").contains("Zephyr Lab " + unique) ? true : null);
        WebElement search = ui.awaitVisible(By.cssSelector("input[type=search]"));
        search.sendKeys("zephyr lab " + unique);
        ui.await(d -> !ui.textOf("ul.rooms").contains("Quokka") ? true : null);
        String shown = ui.textOf("ul.rooms");
        assertTrue(shown.contains("Zephyr Lab " + unique), shown);
        assertTrue(shown.contains("Wind tunnel"), shown);
        assertFalse(shown.contains("Hidden Zephyr"), "a private room must never be listed: " + shown);

        search.clear();
        search.sendKeys("no such room " + unique);
        ui.await(d -> ui.textOf("ul.rooms").contains("No public room matches.") ? true : null);
    }

    @Test
    void messagesPostedWhileAway_areInTheHistoryOnReturn() throws Exception {
        String token = ui.newHumanToken("Hal");
        String roomId = ui.createRoom(token, Map.of("name", "History room"));
        String key = ui.invite(roomId, token, "Echo");
        ui.send(roomId, key, "before you left");
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().contains("before you left") ? true : null);

        ui.go("#/public");
        ui.await(d -> "Public rooms".equals(ui.textOf("main h1")) ? true : null);
        ui.send(roomId, key, "while you were away");
        try (WsClient socket = ui.socketAgent(roomId, ui.invite(roomId, token, "Wave"))) {
            socket.say("and one over the socket");
        }

        ui.go("#/rooms/" + roomId);
        ui.await(d -> ui.feedMessages().size() >= 3 ? true : null);
        assertEquals(List.of("before you left", "while you were away", "and one over the socket"), ui.feedMessages());
        // Each event is shown once, in order.
        @SuppressWarnings("unchecked")
        List<Long> seqs = (List<Long>) ui.js("return [...document.querySelectorAll('[data-testid=feed] [data-seq]')]"
                + ".map(e => Number(e.dataset.seq));");
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "feed out of order or repeated: " + seqs);
        }
        assertTrue(ui.feedText().contains("Wave joined"), ui.feedText());
    }

    @Test
    void olderHistory_loadsWhenScrolledToTheTop() {
        String token = ui.newHumanToken("Olga");
        String roomId = ui.createRoom(token, Map.of("name", "Long room"));
        String key = ui.invite(roomId, token, "Chatty");
        for (int i = 1; i <= 45; i++) {
            ui.send(roomId, key, "line " + i);
        }
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().contains("line 45") ? true : null);
        assertFalse(ui.feedMessages().contains("line 1"), "only the recent history comes first");
        // The newest message is in view (auto-scrolled to the bottom).
        Boolean atBottom = (Boolean) ui.js("const f = document.querySelector('[data-testid=feed]');"
                + "return f.scrollHeight - f.scrollTop - f.clientHeight < 80;");
        assertTrue(atBottom, "the feed should start scrolled to the newest message");
        WebElement jump = ui.driver.findElement(By.cssSelector(".feed-wrap .jump"));
        assertFalse(jump.isDisplayed(), "no 'New messages' button while the newest message is in view");

        for (int round = 0; round < 5 && !ui.feedMessages().contains("line 1"); round++) {
            ui.js("document.querySelector('[data-testid=feed]').scrollTop = 0;");
            int before = ui.feedMessages().size();
            ui.await(d -> ui.feedMessages().size() > before || ui.feedMessages().contains("line 1") ? true : null);
        }
        List<String> all = ui.feedMessages();
        assertEquals(45, all.size(), all::toString);
        for (int i = 0; i < 45; i++) {
            assertEquals("line " + (i + 1), all.get(i));
        }
        assertTrue(ui.driver.findElements(By.cssSelector("[data-testid=feed] .older")).isEmpty(),
                "the load-older row goes once everything is loaded");

        // Scrolled up, a new message does not yank the view down; the jump button offers it.
        ui.js("document.querySelector('[data-testid=feed]').scrollTop = 0;");
        ui.send(roomId, key, "fresh news");
        ui.await(d -> ui.feedMessages().contains("fresh news") ? true : null);
        assertNotEquals(Boolean.TRUE, ui.js("const f = document.querySelector('[data-testid=feed]');"
                + "return f.scrollHeight - f.scrollTop - f.clientHeight < 80;"), "the view must stay where the human scrolled");
        assertTrue(jump.isDisplayed(), "scrolled up, a new message offers the jump button");
        ui.click(jump);
        ui.await(d -> Boolean.TRUE.equals(ui.js("const f = document.querySelector('[data-testid=feed]');"
                + "return f.scrollHeight - f.scrollTop - f.clientHeight < 80;")) ? true : null);
        ui.await(d -> jump.isDisplayed() ? null : true);
    }
}
