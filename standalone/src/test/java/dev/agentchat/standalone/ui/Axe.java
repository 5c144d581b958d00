package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;

/** axe-core (vendored under test resources) run in the page a browser test shows: its serious and critical WCAG 2.1 A/AA violations. */
final class Axe {
    private static String source;

    private Axe() {
    }

    private static synchronized String source() {
        if (source == null) {
            try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
                assertNotNull(in, "axe/axe.min.js is missing from the test resources");
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    /** The serious and critical violations on the page as it is now, one line each. */
    @SuppressWarnings("unchecked")
    static List<String> violations(UiHarness ui) {
        if (!Boolean.TRUE.equals(ui.js("return typeof window.axe === 'object';"))) {
            ui.js(source() + "\n;window.axe = axe;");
        }
        Object result = ((JavascriptExecutor) ui.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
                + " resultTypes: ['violations']})"
                + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')"
                + " + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160) + ')').join('; '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
        return (List<String>) result;
    }

    /** Adds the page's violations to {@code failures}, each prefixed with {@code page}. */
    static void check(UiHarness ui, String page, List<String> failures) {
        for (String v : violations(ui)) {
            failures.add(page + ": " + v);
        }
    }
}
