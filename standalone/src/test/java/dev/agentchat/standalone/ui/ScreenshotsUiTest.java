package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Screenshots of the dashboard and of a busy room at desktop and phone widths (light, and the room
 * in dark mode too), saved under {@code target/screenshots/} for a human to look at; plus the layout
 * checks that can be automated: nothing wider than the screen, the feed and sidebar visible.
 */
@RunningServer
class ScreenshotsUiTest {
    private static UiHarness ui;

    @BeforeAll
    static void start(AgentChatServer server) throws Exception {
        ui = UiHarness.open(server);
    }

    @AfterAll
    static void stop() {
        if (ui != null) {
            ui.resetViewport();
            ui.close();
        }
    }

    @Test
    void dashboardAndRoom_atDesktopAndPhoneWidths() throws Exception {
        String token = ui.newHumanToken("Ada Lovelace");
        ui.createRoom(token, Map.of("name", "Launch plan", "type", "public", "max_members", 8,
                "description", "Research and writing agents prepare the v2 launch post."));
        ui.createRoom(token, Map.of("name", "Incident review 2024-05-14",
                "description", "Postmortem of the queue outage; agents collect timelines and draft action items."));
        String roomId = ui.createRoom(token, Map.of("name", "Refactoring the billing service",
                "description", "Claude plans, GPT reviews, the test runner reports."));
        String plannerKey = ui.invite(roomId, token, "Planner (Claude)");
        String reviewerKey = ui.invite(roomId, token, "Reviewer-GPT");
        ui.send(roomId, plannerKey, "Plan for today:\n1. Split InvoiceService into pricing and delivery\n"
                + "2. Move tax rules behind an interface\n3. Keep the public API unchanged");
        try (WsClient reviewer = ui.socketAgent(roomId, reviewerKey)) {
            reviewer.say("Sounds good. One concern: TaxRules is used by the reporting job too, so the "
                    + "interface must stay backwards compatible.");
            ui.send(roomId, plannerKey, "Agreed. I'll keep the old static methods as deprecated wrappers for one release.");
            reviewer.say("Reference: https://example.com/very/long/path/that/does/not/break/naturally/"
                    + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            ui.send(roomId, plannerKey, "```java\ninterface TaxRules { Money taxFor(Invoice invoice); }\n```");

            ui.signInWithToken(token);
            List<Path> saved = new ArrayList<>();
            for (boolean phone : new boolean[] {false, true}) {
                String size = phone ? "phone" : "desktop";
                if (phone) {
                    ui.viewport(390, 844, true);
                } else {
                    ui.viewport(1280, 800, false);
                }
                ui.load("#/");
                ui.await(d -> ui.textOf("ul.rooms") != null && ui.textOf("ul.rooms").contains("Launch plan") ? true : null);
                ui.await(d -> ui.textOf("ul.rooms").contains("of 2 agents here") ? true : null);
                assertNoHorizontalOverflow("dashboard " + size);
                saved.add(ui.screenshot("dashboard-" + size, false));
                if (phone) {
                    saved.add(ui.screenshot("dashboard-" + size + "-full", true));
                }

                ui.openRoom(roomId);
                ui.await(d -> ui.feedMessages().size() == 5 ? true : null);
                ui.await(d -> d.findElements(By.cssSelector("[data-testid=agents] li.agent")).size() == 2 ? true : null);
                assertNoHorizontalOverflow("room " + size);
                assertFalse(ui.driver.findElement(By.cssSelector(".feed-wrap .jump")).isDisplayed(),
                        "no 'New messages' button while the newest message is in view");
                assertTopBarIsOneLine(size);
                WebElement feed = ui.driver.findElement(By.cssSelector("[data-testid=feed]"));
                assertTrue(feed.isDisplayed() && feed.getSize().getHeight() >= 200,
                        "the feed needs room to read: " + feed.getSize());
                assertEquals(List.of("online", "active"), dotStates(), "one agent on the socket, one active over REST");
                saved.add(ui.screenshot("room-" + size, false));
                if (phone) {
                    saved.add(ui.screenshot("room-" + size + "-full", true));
                    ui.click(ui.button("Invite an agent"));
                    ui.type(By.id("inv-label"), "Phone tester");
                    ui.click(ui.button(ui.driver.findElement(By.cssSelector("section[aria-label=Invites]")), "Generate invite"));
                    ui.awaitVisible(By.cssSelector("section[aria-label=Invites] pre[data-testid=instructions]"));
                    ui.await(d -> ui.textOf("section[aria-label=Invites] table").contains("Phone tester") ? true : null);
                    assertNoHorizontalOverflow("invite panel " + size);
                    saved.add(ui.screenshot("room-invite-" + size + "-full", true));
                    // The panel as a phone shows it: a sheet below the top of the feed, scrolled to its start.
                    ui.js("document.querySelector('.feed-wrap').scrollIntoView({block: 'start'});"
                            + "document.querySelector('[data-testid=drawer]').scrollTop = 0;");
                    saved.add(ui.screenshot("room-invite-" + size, false));
                } else {
                    ui.colorScheme("dark");
                    saved.add(ui.screenshot("room-desktop-dark", false));
                    ui.click(ui.button("Invite an agent"));
                    ui.awaitVisible(By.id("inv-label"));
                    ui.type(By.id("inv-label"), "Tester");
                    ui.click(ui.button(ui.driver.findElement(By.cssSelector("section[aria-label=Invites]")), "Generate invite"));
                    ui.awaitVisible(By.cssSelector("section[aria-label=Invites] pre[data-testid=instructions]"));
                    ui.js("window.scrollTo(0, 0);");
                    saved.add(ui.screenshot("room-invite-desktop-dark", false));
                    ui.colorScheme("light");
                }
            }
            for (Path file : saved) {
                assertTrue(Files.size(file) > 5_000, "screenshot too small to show anything: " + file);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> dotStates() {
        return (List<String>) ui.js("return [...document.querySelectorAll('[data-testid=agents] li.agent')]"
                + ".sort((a, b) => a.textContent.includes('Reviewer') ? -1 : 1)"
                + ".map(li => li.querySelector('.dot').className.replace('dot', '').trim());");
    }

    private static void assertTopBarIsOneLine(String where) {
        WebElement bar = ui.driver.findElement(By.cssSelector(".topbar"));
        assertTrue(bar.getSize().getHeight() <= 64, "the sticky top bar on " + where + " is "
                + bar.getSize().getHeight() + " px tall: it should stay one line");
    }

    private static void assertNoHorizontalOverflow(String where) {
        Object result = ui.js("const w = document.documentElement.clientWidth;"
                + "if (document.documentElement.scrollWidth <= w) return null;"
                + "const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1);"
                + "return document.documentElement.scrollWidth + ' > ' + w + ': ' + wide.slice(0, 5)"
                + ".map(e => e.tagName + '.' + e.className).join(', ');");
        assertEquals(null, result, where + " is wider than the screen");
    }
}
