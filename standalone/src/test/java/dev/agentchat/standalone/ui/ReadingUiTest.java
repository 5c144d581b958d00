package dev.agentchat.standalone.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.support.RunningServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Reading a busy room: Markdown with long messages folded, copy and permalink per message, runs of
 * one sender under one name, day separators and exact times on hover, unread counts in the tab
 * title and on the dashboard, and forms and failures explained in words.
 */
@RunningServer
class ReadingUiTest extends BrowserSession {
    @Test
    void messages_markdown_showMore_copy_permalink_grouping_andTimes() {
        String token = ui.newHumanToken("Rita");
        String roomId = ui.createRoom(token, Map.of("name", "Reading room"));
        String ann = ui.invite(roomId, token, "Ann");
        String bob = ui.invite(roomId, token, "Bob");
        long first = ui.send(roomId, ann, "# Plan\n\n1. **split** the service\n2. see https://example.com/plan").path("seq").asLong();
        ui.send(roomId, ann, "and `code` too:\n\n```java\nclass A {}\n```");
        StringBuilder longText = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            longText.append("Line ").append(i).append(" of a long report.\n");
        }
        long longSeq = ui.send(roomId, bob, longText.toString()).path("seq").asLong();
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().size() == 3 ? true : null);

        assertEquals(1L, ui.js("return document.querySelectorAll('[data-testid=feed] .md h1').length;"));
        assertEquals(1L, ui.js("return document.querySelectorAll('[data-testid=feed] .md ol li strong').length;"));
        assertEquals("https://example.com/plan", ui.js("return document.querySelector('[data-testid=feed] .md a').href;"));
        assertEquals("class A {}\n", ui.js("return document.querySelector('[data-testid=feed] .md pre code').textContent;"));
        // Ann's two messages share one header; Bob's starts a new one; a day separator heads the day.
        @SuppressWarnings("unchecked")
        List<Boolean> cont = (List<Boolean>) ui.js("return [...document.querySelectorAll('[data-testid=feed] .msg')]"
                + ".map(m => m.classList.contains('cont'));");
        assertEquals(List.of(false, true, false), cont);
        assertEquals("Today", ui.textOf("[data-testid=feed] .day"));
        WebElement time = ui.driver.findElement(By.cssSelector("[data-testid=feed] .msg time"));
        assertEquals("just now", time.getText());
        String exact = time.getAttribute("title");
        assertTrue(exact.matches(".*\\d{4}.*\\d{1,2}:\\d{2}:\\d{2}.*"), "the exact time, with seconds: " + exact);

        // A long message starts folded; "Show more" unfolds it.
        WebElement longMsg = ui.driver.findElement(By.id("seq-" + longSeq));
        WebElement body = longMsg.findElement(By.cssSelector(".md"));
        assertTrue(body.getAttribute("class").contains("collapsed"));
        assertTrue(body.getSize().getHeight() < 300, "folded: " + body.getSize());
        WebElement more = ui.button(longMsg, "Show more");
        assertEquals("false", more.getAttribute("aria-expanded"));
        ui.click(more);
        assertEquals("true", more.getAttribute("aria-expanded"));
        assertFalse(body.getAttribute("class").contains("collapsed"));
        assertEquals("Show less", more.getText());

        // Each message has a copy button and a permalink; opening a permalink scrolls to it and highlights it.
        assertEquals(3L, ui.js("return document.querySelectorAll('[data-testid=feed] .msg button[aria-label^=\"Copy message\"]').length;"));
        String link = ui.driver.findElement(By.cssSelector("#seq-" + first + " a.seq")).getAttribute("href");
        assertTrue(link.endsWith("#/rooms/" + roomId + "/seq-" + first), link);
        ui.js("window.__same = 1;");
        ui.go("#/rooms/" + roomId + "/seq-" + first);
        ui.await(d -> Boolean.TRUE.equals(ui.js("return document.activeElement.id === arguments[0]"
                + " && document.activeElement.classList.contains('highlight');", "seq-" + first)) ? true : null);
        assertEquals(1L, ui.js("return window.__same;"), "a permalink in the room on screen does not re-render it");
        // Loaded fresh, the permalink still lands on its message.
        ui.load("#/rooms/" + roomId + "/seq-" + longSeq);
        ui.await(d -> Boolean.TRUE.equals(ui.js("return document.activeElement.id === arguments[0];", "seq-" + longSeq)) ? true : null);
    }

    @Test
    void unread_inTheTabTitle_andOnTheDashboard() {
        String token = ui.newHumanToken("Uma");
        String roomId = ui.createRoom(token, Map.of("name", "Unread room"));
        String otherId = ui.createRoom(token, Map.of("name", "Never opened"));
        String key = ui.invite(roomId, token, "Talker");
        String otherKey = ui.invite(otherId, token, "Other");
        for (int i = 1; i <= 30; i++) {
            ui.send(roomId, key, "message " + i);
        }
        ui.send(otherId, otherKey, "one");
        ui.send(otherId, otherKey, "two");
        ui.signInWithToken(token);
        ui.openRoom(roomId);
        ui.await(d -> ui.feedMessages().contains("message 30") ? true : null);
        ui.await(d -> "Unread room · AgentChat".equals(ui.driver.getTitle()) ? true : null);

        // The tab is hidden: new messages count up in the title; back, the count goes.
        setHidden(true);
        ui.send(roomId, key, "while hidden 1");
        ui.send(roomId, key, "while hidden 2");
        ui.await(d -> "(2) Unread room · AgentChat".equals(ui.driver.getTitle()) ? true : null);
        setHidden(false);
        ui.await(d -> "Unread room · AgentChat".equals(ui.driver.getTitle()) ? true : null);

        // Scrolled up: the same; scrolled back down, read.
        ui.js("document.querySelector('[data-testid=feed]').scrollTop = 0;");
        ui.send(roomId, key, "while scrolled up");
        ui.await(d -> "(1) Unread room · AgentChat".equals(ui.driver.getTitle()) ? true : null);
        ui.click(ui.driver.findElement(By.cssSelector(".feed-wrap .jump")));
        ui.await(d -> "Unread room · AgentChat".equals(ui.driver.getTitle()) ? true : null);

        // Away on the dashboard: what came meanwhile is counted per room, with the last message shown.
        ui.go("#/");
        ui.await(d -> "AgentChat".equals(ui.driver.getTitle()) ? true : null);
        ui.send(roomId, key, "news **1**");
        ui.send(roomId, key, "news 2");
        ui.send(roomId, key, "news 3 is the latest");
        ui.load("#/");
        WebElement card = ui.await(d -> d.findElements(By.cssSelector("a.room-card[data-room=" + roomId + "]")).stream()
                .filter(c -> c.getText().contains("3 unread")).findFirst().orElse(null));
        assertTrue(card.getText().contains("Talker: news 3 is the latest"), card.getText());
        assertTrue(card.getText().contains("active just now"), card.getText());
        WebElement other = ui.driver.findElement(By.cssSelector("a.room-card[data-room=" + otherId + "]"));
        assertTrue(other.getText().contains("2 unread"), other.getText());
    }

    private static void setHidden(boolean hidden) {
        ui.js("Object.defineProperty(document, 'hidden', {configurable: true, get: () => arguments[0]});"
                + "document.dispatchEvent(new Event('visibilitychange'));", hidden);
    }

    @Test
    void forms_explainInWords_andNetworkFailuresSayWhatHappened() {
        ui.load("#/signup");
        WebElement form = ui.awaitVisible(By.cssSelector("form.auth"));
        assertTrue(form.getAttribute("novalidate") != null, "no browser pop-up validation");
        ui.type(By.id("f-email"), "not-an-address");
        ui.type(By.id("f-password"), "short");
        ui.click(ui.button(form, "Create account"));
        ui.await(d -> !ui.textOf("#f-name-error").isBlank() ? true : null);
        assertTrue(ui.textOf("#f-name-error").startsWith("Tell us your name"), ui.textOf("#f-name-error"));
        assertTrue(ui.textOf("#f-email-error").contains("does not look like an e-mail"), ui.textOf("#f-email-error"));
        assertTrue(ui.textOf("#f-password-error").contains("at least 8 characters"), ui.textOf("#f-password-error"));
        assertEquals("true", ui.driver.findElement(By.id("f-email")).getAttribute("aria-invalid"));
        assertEquals("f-name", ui.js("return document.activeElement.id;"), "focus goes to the first problem");

        String token = ui.newHumanToken("Fay");
        ui.signInWithToken(token);
        WebElement create = ui.awaitVisible(By.cssSelector("form[aria-label='Create a room']"));
        assertTrue(create.getAttribute("novalidate") != null);
        ui.type(By.id("room-max"), "0");
        ui.click(ui.button(create, "Create room"));
        ui.await(d -> !ui.textOf("#room-name-error").isBlank() ? true : null);
        assertTrue(ui.textOf("#room-name-error").startsWith("Give the room a name"), ui.textOf("#room-name-error"));
        assertTrue(ui.textOf("#room-max-error").contains("from 1 to 100"), ui.textOf("#room-max-error"));
        assertEquals(0, ui.call("GET", "/rooms", token, null).json().path("rooms").size(), "nothing sent");

        // The network goes away: the form says so in words, and works again after.
        ui.type(By.id("room-name"), "Offline room");
        ui.type(By.id("room-max"), "5");
        ui.js("window.__fetch = window.fetch; window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));");
        ui.click(ui.button(create, "Create room"));
        String said = ui.await(d -> {
            String t = ui.textOf("form[aria-label='Create a room'] .error");
            return t == null || t.isBlank() ? null : t;
        });
        assertTrue(said.contains("could not be reached"), said);
        ui.js("window.fetch = window.__fetch;");
        ui.click(ui.button(create, "Create room"));
        ui.await(d -> ui.textOf("ul.rooms").contains("Offline room") ? true : null);
    }
}
