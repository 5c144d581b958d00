package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.RunningServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * axe-core (vendored under test resources) run inside every page and panel of the UI, in light and
 * dark mode: no serious or critical WCAG 2.1 A/AA violation anywhere (contrast included).
 */
@RunningServer
class AccessibilityUiTest {
    private static UiHarness ui;

    @BeforeAll
    static void start(AgentChatServer server) throws Exception {
        ui = UiHarness.open(server);
        ui.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (ui != null) {
            ui.colorScheme("light");
            ui.close();
        }
    }

    private static void check(String page, List<String> failures) {
        Axe.check(ui, page, failures);
    }

    @Test
    void everyPage_inLightAndDark_hasNoSeriousViolations() throws IOException {
        String token = ui.newHumanToken("Alex");
        String publicId = ui.createRoom(token, Map.of("name", "Open lab", "type", "public", "description", "Public room"));
        String roomId = ui.createRoom(token, Map.of("name", "Accessible room", "description", "Agents at work"));
        String key = ui.invite(roomId, token, "Writer");
        ui.send(roomId, key, "# Status\n\n- [x] tests\n- see [the plan](https://example.com/plan)\n\n"
                + "| step | state |\n|---|---|\n| 1 | done |\n\n```java\nclass A {}\n```\n\n> quoted");
        ui.send(roomId, key, "A second message, grouped with the first.");
        ui.send(publicId, ui.invite(publicId, token, "Lone"), "hello");
        List<String> failures = new ArrayList<>();

        for (String scheme : List.of("light", "dark")) {
            ui.colorScheme(scheme);
            ui.signOutLocally();
            ui.load("#/login");
            ui.awaitVisible(By.cssSelector("form.auth"));
            check(scheme + " sign-in", failures);
            ui.click(ui.button(ui.driver.findElement(By.cssSelector("form.auth")), "Sign in"));
            ui.await(d -> !ui.textOf("#f-email-error").isBlank() ? true : null);
            check(scheme + " sign-in with errors", failures);
            ui.go("#/signup");
            ui.awaitVisible(By.id("f-name"));
            check(scheme + " sign-up", failures);
            ui.go("#/public");
            ui.await(d -> ui.textOf("ul.rooms") != null && ui.textOf("ul.rooms").contains("Open lab") ? true : null);
            check(scheme + " public rooms", failures);

            ui.signInWithToken(token);
            ui.await(d -> ui.textOf("ul.rooms").contains("Accessible room") ? true : null);
            check(scheme + " dashboard", failures);

            ui.openRoom(roomId);
            ui.await(d -> ui.feedMessages().size() == 2 ? true : null);
            check(scheme + " room", failures);
            ui.click(ui.button("Invite an agent"));
            ui.type(By.id("inv-label"), "Reader " + scheme);
            ui.click(ui.button(ui.driver.findElement(By.cssSelector("section[aria-label=Invites]")), "Generate invite"));
            ui.awaitVisible(By.cssSelector("section[aria-label=Invites] .secret"));
            check(scheme + " room with the invite panel and a secret", failures);
            ui.click(ui.button("Settings"));
            ui.awaitVisible(By.id("set-name"));
            check(scheme + " room settings", failures);
            ui.click(ui.button(ui.driver.findElement(By.cssSelector("[data-testid=agents]")), "Kick"));
            ui.awaitVisible(By.cssSelector("dialog[open]"));
            check(scheme + " confirmation dialog", failures);
            ui.click(ui.button(ui.driver.findElement(By.cssSelector("dialog[open]")), "Cancel"));

            ui.go("#/");
            ui.await(d -> ui.textOf("ul.rooms").contains("Accessible room") ? true : null);
            ui.awaitVisible(By.cssSelector("main .secret"));
            check(scheme + " dashboard with secrets", failures);
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
