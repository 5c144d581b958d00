package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The seed design's Flow 1 with two humans, in two browsers (SPEC §10): Alice signs up, creates
 * the room and an invite for Bob's agent with a human link; Bob opens the link, signs up through
 * it and lands in the room; both watch live; Bob posts from the composer, and his agent (REST)
 * and Alice's agent (WebSocket) each see a human message from Bob's user id; Bob is his agent's
 * principal. Bob, a member, is offered no moderation.
 */
@RunningServer
class TwoHumansFlowUiTest {
    private static UiHarness alice;
    private static UiHarness bob;

    @BeforeAll
    static void open(AgentChatServer server) throws Exception {
        alice = UiHarness.open(server);
        bob = UiHarness.open(server);
    }

    @AfterAll
    static void close() {
        for (UiHarness ui : new UiHarness[] {alice, bob}) {
            if (ui != null) {
                ui.close();
            }
        }
    }

    private static void signUp(UiHarness ui, String name, String email) {
        ui.type(By.id("f-name"), name);
        ui.type(By.id("f-email"), email);
        ui.type(By.id("f-password"), UiHarness.PASSWORD);
        ui.driver.findElement(By.id("f-password")).sendKeys(Keys.ENTER);
    }

    private static String tokenOf(UiHarness ui) {
        return (String) ui.js("return localStorage.getItem('agentchat.token');");
    }

    private static String userId(UiHarness ui) {
        UiHarness.Res me = ui.call("GET", "/me", tokenOf(ui), null);
        assertEquals(200, me.status(), me::toString);
        return me.text("id");
    }

    private static void awaitLive(UiHarness ui) {
        ui.await(d -> "Live".equals(ui.textOf("[data-testid=live-status]")) ? true : null);
    }

    private static List<String> buttons(UiHarness ui) {
        List<String> texts = new ArrayList<>();
        ui.driver.findElements(By.cssSelector("main button, main a.button")).forEach(b -> texts.add(b.getText().trim()));
        return texts;
    }

    @Test
    void flowOne_bobJoinsThroughHisLink_postsFromTheComposer_andBothAgentsSeeAVerifiedHuman() {
        List<String> failures = new ArrayList<>();

        // Alice signs up in the page and creates the room from the dashboard.
        alice.load("#/signup");
        signUp(alice, "Alice", UiHarness.uniqueEmail("alice"));
        alice.await(d -> alice.textOf("main h1") != null && alice.textOf("main h1").equals("Your rooms") ? true : null);
        alice.type(By.id("room-name"), "Flow one");
        alice.click(alice.button(alice.driver.findElement(By.cssSelector("form[aria-label='Create a room']")), "Create room"));
        WebElement open = alice.awaitVisible(By.xpath("//a[contains(@class,'button') and contains(., 'Open the room')]"));
        String roomHref = open.getAttribute("href");
        String roomId = roomHref.substring(roomHref.indexOf("#/rooms/") + "#/rooms/".length());
        String aliceToken = tokenOf(alice);

        // Alice's own agent listens on the WebSocket.
        String aliceKey = alice.invite(roomId, aliceToken, "Alice's agent");
        try (WsClient aliceAgent = alice.socketAgent(roomId, aliceKey)) {
            alice.openRoom(roomId);

            // The invite for Bob's agent, with a link for Bob.
            alice.click(alice.button("Invite an agent"));
            alice.type(By.id("inv-label"), "Bob's agent");
            alice.click(alice.driver.findElement(By.cssSelector("[data-testid=for-human]")));
            alice.click(alice.button(alice.driver.findElement(By.cssSelector("section[aria-label=Invites]")), "Generate invite"));
            // The panel also lists the admin agent's block from the room's creation: this invite's is its own entry.
            String entry = "section[aria-label=Invites] section.secret[aria-label=\"Invite for Bob's agent\"]";
            WebElement block = alice.awaitVisible(By.cssSelector(entry + " pre[data-testid=instructions]"));
            Matcher key = Pattern.compile("ak_[A-Za-z0-9]+").matcher(block.getText());
            assertTrue(key.find(), "the block carries the agent's key: " + block.getText());
            String bobKey = key.group();
            String link = alice.driver.findElement(By.cssSelector(entry + " [data-testid=room-key]")).getText();
            assertTrue(link.contains("#/accept/hi_"), link);
            Axe.check(alice, "invite panel with a human link", failures);

            // Bob opens his link in his own browser, signs up through it and lands in the room.
            bob.driver.get(link);
            bob.awaitVisible(By.id("f-name"));
            Axe.check(bob, "accept page, signed out", failures);
            signUp(bob, "Bob", UiHarness.uniqueEmail("bob"));
            bob.await(d -> bob.hash().equals("#/rooms/" + roomId) ? true : null);
            awaitLive(bob);
            String bobId = userId(bob);

            // Both watch live.
            aliceAgent.say("Hello both of you");
            alice.await(d -> alice.feedMessages().contains("Hello both of you") ? true : null);
            bob.await(d -> bob.feedMessages().contains("Hello both of you") ? true : null);

            // A member: the composer, and no moderation controls.
            List<String> bobButtons = buttons(bob);
            for (String moderation : List.of("Invite an agent", "Settings", "Invite a human", "Pause agents", "Kick", "Ban")) {
                assertTrue(!bobButtons.contains(moderation), "a member is offered '" + moderation + "': " + bobButtons);
            }
            Axe.check(bob, "room as a member", failures);

            // Bob posts from the composer.
            WebElement box = bob.awaitVisible(By.cssSelector("[data-testid=composer]"));
            box.sendKeys("Agent, please summarise what Alice's agent said");
            box.sendKeys(Keys.ENTER);
            bob.await(d -> bob.textOf("[data-testid=composer-status]").startsWith("Sent as message #") ? true : null);
            alice.await(d -> alice.feedMessages().contains("Agent, please summarise what Alice's agent said") ? true : null);
            assertEquals("human", alice.js("return [...document.querySelectorAll('[data-testid=feed] .msg')].pop().dataset.kind;"));

            // Alice's agent (WebSocket) sees a human message from Bob's user id.
            JsonNode frame = aliceAgent.awaitFrame(f -> "message".equals(f.path("type").asText())
                    && f.path("content").asText().startsWith("Agent, please summarise"));
            assertEquals("human", frame.path("sender_kind").asText(), frame::toString);
            assertEquals(bobId, frame.path("from").asText(), frame::toString);

            // Bob's agent (REST) sees the same, and knows Bob is its principal.
            UiHarness.Res read = bob.call("GET", "/rooms/" + roomId + "/messages?limit=50", bobKey, null);
            assertEquals(200, read.status(), read::toString);
            JsonNode last = null;
            for (JsonNode m : read.json().path("messages")) {
                if (m.path("content").asText().startsWith("Agent, please summarise")) {
                    last = m;
                }
            }
            assertNotNull(last, read::toString);
            assertEquals("human", last.path("sender_kind").asText(), last::toString);
            assertEquals(bobId, last.path("from").asText(), last::toString);
            assertEquals("Bob", last.path("from_name").asText(), last::toString);
            assertEquals(bobId, read.json().path("you").path("principal").path("user_id").asText(), read::toString);

            // Bob's dashboard lists the room he was invited to, with his role.
            bob.go("#/");
            bob.await(d -> bob.textOf("ul.rooms") != null && bob.textOf("ul.rooms").contains("Flow one") ? true : null);
            assertEquals("MEMBER", bob.textOf("[data-testid=my-role]").toUpperCase());
            Axe.check(bob, "dashboard with a room I was invited to", failures);

            // Alice sees Bob among the room's humans and can make a plain link with a copy button.
            alice.click(alice.button("Invite a human"));
            alice.await(d -> alice.textOf("[data-testid=humans]").contains("Bob") ? true : null);
            assertTrue(alice.textOf("[data-testid=humans]").contains("Member"), alice.textOf("[data-testid=humans]"));
            alice.click(alice.button(alice.driver.findElement(By.cssSelector("section[aria-label=People]")), "Create invite link"));
            WebElement plain = alice.awaitVisible(By.cssSelector("section[aria-label=People] [data-testid=room-key]"));
            assertTrue(plain.getText().contains("#/accept/hi_"), plain.getText());
            Axe.check(alice, "humans panel with a new link", failures);

            // A used link says so in words.
            bob.driver.get(link);
            bob.awaitVisible(By.cssSelector("[data-testid=accept-join]"));
            Axe.check(bob, "accept page, signed in", failures);
            bob.click(bob.driver.findElement(By.cssSelector("[data-testid=accept-join]")));
            bob.await(d -> bob.hash().equals("#/rooms/" + roomId)
                    || !bob.driver.findElement(By.cssSelector("[data-testid=accept-problem]")).getText().isBlank() ? true : null);
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
