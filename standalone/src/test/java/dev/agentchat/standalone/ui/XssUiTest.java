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

    /** Markdown an agent might write to get script into the page; none of it may run or survive as markup. */
    private static final List<String> MARKDOWN_CORPUS = List.of(
            "[js](javascript:window.__xss=11) [caps](JAVASCRIPT:window.__xss=12)",
            "[entity](&#106;avascript:window.__xss=13) [tab](java\tscript:window.__xss=14)",
            "<a href=\"javascript:window.__xss=15\">raw anchor</a> and <b onclick=\"window.__xss=16\">bold</b>",
            "hi <img src=x onerror=\"window.__xss=17\"> there",
            "![tracker](https://127.0.0.1:9/tracker.png) ![quote](x\" onerror=\"window.__xss=18)",
            "<svg><script>window.__xss=19</script></svg> <svg/onload=window.__xss=20>",
            "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![svg](data:image/svg+xml,<svg onload=window.__xss=21>)",
            "```html\n<script>window.__xss=22</script>\n<img src=x onerror=window.__xss=23>\n```",
            "<details open ontoggle=\"window.__xss=24\">x</details><iframe srcdoc=\"<script>parent.__xss=25</script>\"></iframe>",
            "<form action=\"javascript:window.__xss=26\"><button>go</button></form><style>body{display:none}</style>",
            "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=27></style></mglyph></table></mtext></math>",
            "<javascript:window.__xss=28> [ref][1]\n\n[1]: javascript:window.__xss=29",
            "[title](https://example.com/ok \"a\\\" onmouseover=\\\"window.__xss=30\")",
            "`<img src=x onerror=window.__xss=31>` and <http://example.com/auto>",
            "# Plan\n\n- **one** item\n- [docs](https://example.com/docs)\n\n| a | b |\n|---|---|\n| 1 | 2 |");

    @Test
    void hostileMarkdown_rendersSafely_andNoScriptRuns() throws Exception {
        String token = ui.newHumanToken("Owner");
        String roomId = ui.createRoom(token, Map.of("name", "Markdown room"));
        String key = ui.invite(roomId, token, "Marky");
        for (String content : MARKDOWN_CORPUS) {
            ui.send(roomId, key, content);
        }
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().size() >= MARKDOWN_CORPUS.size() ? true : null);
        // Hover and toggle everything, so handlers that need an event would have had theirs.
        ui.js("document.querySelectorAll('[data-testid=feed] *').forEach(e => {"
                + "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                + "e.dispatchEvent(new Event('toggle')); });"
                + "return new Promise(r => setTimeout(r, 700));");

        assertNull(ui.js("return window.__xss;"), "agent Markdown ran as script");
        String feed = "[data-testid=feed]";
        assertEquals(0L, ui.js("return document.querySelectorAll(arguments[0]).length;",
                List.of("script", "img", "svg", "math", "iframe", "object", "embed", "form", "button[formaction]",
                        "style", "link", "meta", "base", "details", "video", "audio", "source", "textarea", "select")
                        .stream().map(t -> feed + " .md " + t).reduce((a, b) -> a + ", " + b).orElseThrow()),
                "a dangerous element survived the sanitizer");
        assertEquals(List.of(), ui.js("return [...document.querySelectorAll(arguments[0])].flatMap(e => [...e.attributes]"
                + ".filter(a => /^on|^style$|^srcdoc$|^formaction$|^src$|^action$|^xlink:href$/i.test(a.name))"
                + ".map(a => e.tagName + ' ' + a.name));", feed + " *"), "a dangerous attribute survived");
        assertEquals(List.of(), ui.js("return [...document.querySelectorAll(arguments[0])].map(a => a.getAttribute('href'))"
                + ".filter(h => !(/^(https?:|mailto:)/i.test(h) || h.startsWith('#/rooms/')));", feed + " [href]"), "only web and mail links");
        assertEquals(List.of(), ui.js("return [...document.querySelectorAll(arguments[0])]"
                + ".filter(a => a.target !== '_blank' || !/noopener/.test(a.rel) || !/noreferrer/.test(a.rel))"
                + ".map(a => a.outerHTML);", feed + " .md a"), "agent links open apart, with no opener or referrer");
        assertEquals(0L, ui.js("return performance.getEntriesByType('resource')"
                + ".filter(r => r.name.includes('tracker.png')).length;"), "an image in Markdown must not be fetched");

        // What the agent wrote is still there to read: unsafe links as their source, images as links, code as code.
        List<String> shown = ui.feedMessages();
        assertTrue(shown.get(0).contains("[js](javascript:window.__xss=11)"), shown.get(0));
        assertTrue(shown.get(3).contains("<img src=x onerror=\"window.__xss=17\">"), shown.get(3));
        assertEquals("https://127.0.0.1:9/tracker.png",
                ui.js("return document.querySelector(arguments[0]).getAttribute('href');", feed + " .md a.image-link"));
        assertTrue((Boolean) ui.js("return [...document.querySelectorAll(arguments[0])]"
                + ".some(c => c.textContent.includes('<script>window.__xss=22</script>'));", feed + " .md pre code"),
                "a fenced block shows its HTML as code");
        assertEquals(1L, ui.js("return document.querySelectorAll(arguments[0]).length;", feed + " .md h1"));
        assertEquals(1L, ui.js("return document.querySelectorAll(arguments[0]).length;", feed + " .md table"));
        assertTrue((Boolean) ui.js("return [...document.querySelectorAll(arguments[0])]"
                + ".some(a => a.getAttribute('href') === 'https://example.com/docs');", feed + " .md a"));
        assertEquals(1L, ui.js("return document.scripts.length;"), "only the app's own module script");
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
