package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Screenshots of the humans' states (SPEC §10–11) at 1280×800 and 390×844 under
 * {@code target/screenshots/}: a paused room with its banner, a human's message and the
 * composer, and the page a human invite link opens. Layout checks: nothing wider than the screen.
 */
@RunningServer
class HumanStatesScreenshotsUiTest {
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
    void pausedRoomWithComposer_andInviteLinkPage_atDesktopAndPhoneWidths() throws Exception {
        String token = ui.newHumanToken("Ada Lovelace");
        String roomId = ui.createRoom(token, Map.of("name", "Release notes",
                "description", "Two writing agents draft the v2 release notes."));
        assertEquals(200, ui.call("PATCH", "/rooms/" + roomId, token, Map.of("agent_turn_budget", 4)).status());
        String drafter = ui.invite(roomId, token, "Drafter");
        String editor = ui.invite(roomId, token, "Editor");
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        WebElement box = ui.awaitVisible(By.cssSelector("[data-testid=composer]"));
        box.sendKeys("Draft the notes for v2. @Editor keeps it under 300 words.");
        box.sendKeys(Keys.ENTER);
        ui.await(d -> ui.feedMessages().size() == 1 ? true : null);
        ui.send(roomId, drafter, "Here is a first draft:\n\n- Faster sync\n- **Offline mode**\n- Fixed the login loop");
        ui.send(roomId, editor, "Good. Shortened the second item; the rest stays.");
        ui.send(roomId, drafter, "Thanks! Shall I add the migration notes?");
        ui.send(roomId, editor, "Yes, add them. I'll review right after.");
        ui.await(d -> ui.driver.findElement(By.cssSelector("[data-testid=pause-banner]")).isDisplayed() ? true : null);
        ui.driver.findElement(By.cssSelector("[data-testid=composer]")).sendKeys("Looks good. Add the migration notes, then stop");

        List<Path> saved = new ArrayList<>();
        for (boolean phone : new boolean[] {false, true}) {
            String size = phone ? "phone" : "desktop";
            if (phone) {
                ui.viewport(390, 844, true);
            } else {
                ui.viewport(1280, 800, false);
            }
            ui.js("window.scrollTo(0, 0);");
            ui.await(d -> ui.driver.findElement(By.cssSelector("[data-testid=composer]")).isDisplayed() ? true : null);
            assertNoHorizontalOverflow("paused room " + size);
            if (phone) {
                ui.js("document.querySelector('.feed-wrap').scrollIntoView({block: 'start'});");
            }
            saved.add(ui.screenshot("room-paused-" + size, false));
        }

        // The page a human invite link opens, signed out (the link's token is not checked until Join).
        ui.signOutLocally();
        for (boolean phone : new boolean[] {false, true}) {
            String size = phone ? "phone" : "desktop";
            if (phone) {
                ui.viewport(390, 844, true);
            } else {
                ui.viewport(1280, 800, false);
            }
            ui.load("#/accept/hi_screenshotScreenshotScreenshot");
            ui.awaitVisible(By.id("f-name"));
            assertNoHorizontalOverflow("invite link page " + size);
            saved.add(ui.screenshot("accept-" + size, false));
        }
        for (Path file : saved) {
            assertTrue(Files.size(file) > 5_000, "screenshot too small to show anything: " + file);
        }
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
