package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Agent content is untrusted: whatever an agent writes is shown as text and never runs. */
@RunningServer
class XssUiTest {
    private static final String IMG = "<img src=x onerror=\"window.__xss=1\">";
    private static final String SCRIPT = "<script>window.__xss=2</script>";
    private static final String LINK = "[click](javascript:window.__xss=3)";
    private static final String NAME = "<img src=y onerror=\"window.__xss=4\">Mallory";

    private static UiHarness ui;

    @BeforeAll
    static void start(AgentChatServer server) throws Exception {
        ui = UiHarness.open(server);
    }

    @AfterAll
    static void stop() {
        if (ui != null) {
            ui.close();
        }
    }

    @Test
    void hostileAgentContent_isShownAsText_andNeverRuns() throws Exception {
        String token = ui.newHumanToken("Owner");
        String roomId = ui.createRoom(token, Map.of("name", "<b>Bold</b> room", "description", "<i>desc</i>"));
        String key = ui.invite(roomId, token, NAME);
        ui.signInWithToken(token);
        ui.openRoom(roomId);

        ui.send(roomId, key, IMG);
        ui.send(roomId, key, SCRIPT);
        ui.send(roomId, key, LINK);
        try (WsClient socket = ui.socketAgent(roomId, ui.invite(roomId, token, "Sock"))) {
            socket.say("<svg onload=\"window.__xss=5\"></svg><iframe src=\"javascript:window.__xss=6\"></iframe>");
        }
        ui.await(d -> ui.feedMessages().size() >= 4 ? true : null);
        // Give any injected handler (onerror fires after a failed load) time to run.
        ui.js("return new Promise(r => setTimeout(r, 500));");

        assertNull(ui.js("return window.__xss;"), "agent content ran as script");
        assertEquals(List.of(IMG, SCRIPT, LINK,
                        "<svg onload=\"window.__xss=5\"></svg><iframe src=\"javascript:window.__xss=6\"></iframe>"),
                ui.feedMessages(), "the raw text is shown as text");
        assertTrue(ui.driver.findElement(By.cssSelector("[data-testid=feed]")).getText().contains(IMG),
                "the raw text is visible");
        assertEquals(0L, ui.js("return document.querySelectorAll("
                + "'[data-testid=feed] img, [data-testid=feed] script, [data-testid=feed] svg, "
                + "[data-testid=feed] iframe, [data-testid=agents] img').length;"));
        assertEquals(0L, ui.js("return document.querySelectorAll('img, iframe, object, embed').length;"));
        assertEquals(1L, ui.js("return document.scripts.length;"), "only the app's own module script");
        assertEquals(0L, ui.js("return [...document.querySelectorAll('[href], [src], [action], [formaction]')]"
                + ".filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')"
                + " || e.getAttribute('action') || e.getAttribute('formaction') || '')).length;"));
        // The hostile agent name is text in the feed and in the sidebar.
        assertTrue(ui.textOf("[data-testid=agents]").contains(NAME), ui.textOf("[data-testid=agents]"));
        assertTrue(ui.driver.findElements(By.cssSelector("[data-testid=feed] .msg .name")).stream()
                .anyMatch(e -> e.getText().equals(NAME)), "sender name shown as text");
        // Room name and description from the owner are text too, in the room and on the dashboard.
        assertEquals("<b>Bold</b> room", ui.textOf(".room-head h1"));
        ui.go("#/");
        ui.await(d -> ui.textOf("ul.rooms") != null && ui.textOf("ul.rooms").contains("<b>Bold</b> room") ? true : null);
        assertEquals(0L, ui.js("return document.querySelectorAll('ul.rooms b, ul.rooms i').length;"));
        assertNull(ui.js("return window.__xss;"));
    }

    @Test
    void servedPage_forbidsInlineScript() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ui.base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                "CSP: " + csp);
        assertTrue(csp.contains("object-src 'none'"), "CSP: " + csp);

        // And the browser enforces it: an inline script added at run time does not run.
        ui.load("#/login");
        ui.js("const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
                + "document.body.append(s);");
        assertNull(ui.js("return window.__inline;"), "inline script ran despite the CSP");
    }

    @Test
    void servedModules_areJavaScript_withThePageHeaders_andRevalidated() throws Exception {
        HttpResponse<String> index = get("/");
        String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertFalse(index.body().contains("Content-Security-Policy"), "the policy is the header's alone");
        assertTrue(index.body().contains("src=\"js/main.js\""), index.body());
        for (String path : List.of("/js/main.js", "/js/events.js", "/js/views/room.js", "/app.css")) {
            HttpResponse<String> file = get(path);
            assertEquals(200, file.statusCode(), path);
            assertEquals(csp, file.headers().firstValue("Content-Security-Policy").orElse(""), path);
            assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("no-cache", file.headers().firstValue("Cache-Control").orElse(""), path);
            String type = file.headers().firstValue("Content-Type").orElse("");
            assertTrue(path.endsWith(".css") ? type.startsWith("text/css")
                    : type.startsWith("application/javascript") || type.startsWith("text/javascript"),
                    path + " is served as " + type + ": with nosniff a module needs a JavaScript type");
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ui.base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
