package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test needs besides the class's {@link dev.agentchat.standalone.support.RunningServer}:
 * one headless Chromium driven by Selenium, and agents as plain Java clients (REST over
 * {@link HttpClient}, or a {@link WsClient}).
 *
 * <p>The browser is Debian's Chromium with its own chromedriver ({@code CHROME_BIN} and
 * {@code CHROMEDRIVER} override the paths); only when neither is installed does Selenium resolve
 * (and possibly download) one itself.
 */
final class UiHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery";
    static final Duration WAIT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    final AgentChatServer server;
    final String base;
    /** Where the browser opens the UI: {@link #base}, unless the page is reached under another name. */
    private final String pageBase;
    final ChromeDriver driver;
    private final Path profile;

    private UiHarness(AgentChatServer server, String pageBase, ChromeDriver driver, Path profile) {
        this.server = server;
        this.base = server.baseUrl();
        this.pageBase = pageBase;
        this.driver = driver;
        this.profile = profile;
    }

    /** Opens a fresh headless browser on the class's running server. */
    static UiHarness open(AgentChatServer server) throws Exception {
        return open(server, server.baseUrl());
    }

    /**
     * Opens a fresh headless browser that loads the UI from {@code pageBase}; extra Chromium
     * arguments (e.g. {@code --host-resolver-rules}) let a public-looking name reach the server.
     */
    static UiHarness open(AgentChatServer server, String pageBase, String... chromiumArgs) throws Exception {
        Path profile = Files.createTempDirectory("agentchat-ui-profile");
        try {
            return new UiHarness(server, pageBase, newBrowser(profile, chromiumArgs), profile);
        } catch (RuntimeException | Error e) {
            deleteTree(profile);
            throw e;
        }
    }

    private static ChromeDriver newBrowser(Path profile, String... chromiumArgs) {
        ChromeOptions options = new ChromeOptions();
        String binary = firstExisting(System.getenv("CHROME_BIN"), "/usr/bin/chromium");
        String driverPath = firstExisting(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
        if (binary != null) {
            options.setBinary(binary);
        }
        if (driverPath != null) {
            System.setProperty("webdriver.chrome.driver", driverPath);
        }
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(chromiumArgs);
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static String firstExisting(String fromEnv, String fallback) {
        if (fromEnv != null && !fromEnv.isBlank() && Files.exists(Paths.get(fromEnv))) {
            return fromEnv;
        }
        return Files.exists(Paths.get(fallback)) ? fallback : null;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // The browser may already be gone; its profile still has to go.
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp profile left behind is harmless.
        }
    }

    // ---------------------------------------------------------------- browser helpers

    /** Loads the app fresh (a real page load, not a hash change) at the given hash route. */
    void load(String hash) {
        allowLeaving();
        driver.get("about:blank");
        driver.get(pageBase + "/" + hash);
    }

    /**
     * Lets the current page go without its "leave with an uncopied secret?" question (tested on
     * its own): a capturing listener runs before the app's and stops it.
     */
    void allowLeaving() {
        if (driver.getCurrentUrl().startsWith(pageBase)) {
            js("window.addEventListener('beforeunload', e => e.stopImmediatePropagation(), true);");
        }
    }

    /** A same-document navigation, as a click on an in-app link would do. */
    void go(String hash) {
        js("location.hash = arguments[0];", hash);
    }

    String hash() {
        return (String) js("return location.hash;");
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Signs the browser in with a session token made over the API (the sign-up form has its own test). */
    void signInWithToken(String token) {
        load("#/login");
        js("localStorage.setItem('agentchat.token', arguments[0]);", token);
        load("#/");
        await(d -> d.findElements(By.cssSelector("ul.rooms")).isEmpty() ? null : true);
    }

    void signOutLocally() {
        if (driver.getCurrentUrl().startsWith(pageBase)) {
            js("localStorage.clear();");
        }
    }

    <T> T await(Function<WebDriver, T> condition) {
        return await(WAIT, condition);
    }

    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        // Stale elements (the app re-renders) and a text read before the view exists (null) mean "not yet".
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(NullPointerException.class);
        return wait.until(condition::apply);
    }

    WebElement awaitVisible(By by) {
        return await(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    void type(By by, String text) {
        WebElement input = awaitVisible(by);
        input.clear();
        input.sendKeys(text);
    }

    /** A button (or a link styled as one) by its visible text, inside {@code scope}. */
    WebElement button(WebElement scope, String text) {
        return scope.findElements(By.cssSelector("button, a.button")).stream()
                .filter(b -> b.getText().trim().equals(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + text + "' in " + scope.getTagName()));
    }

    /** Clicks like a person: the element is scrolled to the middle of the screen first, clear of the sticky top bar. */
    void click(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element);
        element.click();
    }

    WebElement button(String text) {
        return button(driver.findElement(By.tagName("body")), text);
    }

    /** Opens the room view and waits until its watch socket is live. */
    void openRoom(String roomId) {
        go("#/rooms/" + roomId);
        await(d -> "Live".equals(textOf("[data-testid=live-status]")) ? true : null);
    }

    String textOf(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    /** The text of every message body in the feed, in order. */
    @SuppressWarnings("unchecked")
    List<String> feedMessages() {
        return (List<String>) js("return [...document.querySelectorAll('[data-testid=feed] .msg .content')]"
                + ".map(e => e.textContent);");
    }

    /** Makes the page keep every Blob it turns into a URL and every download name, so a test can read what would be saved. */
    void captureDownloads() {
        js("window.__saved = []; const make = URL.createObjectURL.bind(URL);"
                + "URL.createObjectURL = b => { window.__saved.push(b); return make(b); };"
                + "window.__names = []; document.addEventListener('click', e => {"
                + " if (e.target.matches && e.target.matches('a[download]')) window.__names.push(e.target.download); }, true);");
    }

    /** The text of the {@code index}th Blob captured since {@link #captureDownloads()}, once it exists. */
    String savedText(int index) {
        return (String) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const wait = () => window.__saved.length > " + index + " ? window.__saved[" + index + "].text().then(done)"
                + " : setTimeout(wait, 50); wait();");
    }

    String feedText() {
        return (String) js("const f = document.querySelector('[data-testid=feed]'); return f ? f.textContent : '';");
    }

    // ---------------------------------------------------------------- screenshots and device sizes

    static Path screenshotDir() throws IOException {
        Path dir = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");
        Files.createDirectories(dir);
        return dir;
    }

    /** Emulates a device size (CSS pixels); mobile honours the viewport meta tag as a phone does. */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", mobile ? 2 : 1, "mobile", mobile));
    }

    void resetViewport() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                "features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Saves what is on screen (or the whole page) as a PNG; returns its path. */
    Path screenshot(String name, boolean fullPage) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("format", "png");
        params.put("captureBeyondViewport", fullPage);
        if (fullPage) {
            js("window.scrollTo(0, 0);");
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            params.put("clip", Map.of("x", 0, "y", 0,
                    "width", ((Number) size.get("width")).doubleValue(),
                    "height", ((Number) size.get("height")).doubleValue(), "scale", 1));
        }
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", params);
        Path file = screenshotDir().resolve(name + ".png");
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    // ---------------------------------------------------------------- REST, as humans and agents use it

    record Res(int status, String raw, JsonNode json) {
        String text(String field) {
            return json == null ? null : json.path(field).asText(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    Res call(String method, String path, String bearer, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api" + path)).timeout(WAIT);
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body != null) {
            builder.header("Content-Type", "application/json");
            publisher = HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8);
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            try {
                json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                json = null;
            }
            return new Res(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String uniqueEmail(String tag) {
        return tag.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A human signed up and signed in over the API; returns the session token. */
    String newHumanToken(String name) {
        String email = uniqueEmail("ui");
        Res signup = call("POST", "/auth/signup", null, Map.of("email", email, "password", PASSWORD, "name", name));
        assertEquals(201, signup.status(), signup::toString);
        Res login = call("POST", "/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertEquals(200, login.status(), login::toString);
        return login.text("token");
    }

    /** Creates a room over the API; returns its id. */
    String createRoom(String token, Map<String, Object> body) {
        Res res = call("POST", "/rooms", token, body);
        assertEquals(201, res.status(), res::toString);
        return res.json().path("room").path("id").asText();
    }

    /** A fresh member key for the room with the given label (the agent's name). */
    String invite(String roomId, String token, String label) {
        Res res = call("POST", "/rooms/" + roomId + "/invites", token, Map.of("label", label));
        assertEquals(201, res.status(), res::toString);
        String key = res.text("key");
        assertNotNull(key, res::toString);
        return key;
    }

    Res sendRes(String roomId, String key, String content) {
        return call("POST", "/rooms/" + roomId + "/messages", key, Map.of("content", content));
    }

    /** An agent posts over REST; asserts it was accepted. */
    JsonNode send(String roomId, String key, String content) {
        Res res = sendRes(roomId, key, content);
        assertEquals(201, res.status(), res::toString);
        return res.json();
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An agent that stays connected over the WebSocket (answers pings) until closed, joined to the room. */
    WsClient socketAgent(String roomId, String key) {
        return WsClient.openAndJoin(server, "agent", roomId, key);
    }
}
