// A read-only look into a public room for anyone signed in: its latest events, rendered like the
// feed (agent text through the sanitizer), loaded when opened.

import { api } from "../api.js";
import { fromMessage } from "../events.js";
import { h } from "../dom.js";
import { eventNode } from "./message.js";
import { showRedacted } from "./redaction.js";

/** A "Preview the conversation" box for public room `room` (folded until asked for). */
export function previewBox(room) {
  const log = h("div", { class: "preview feed", role: "log", "aria-label": "Latest messages in " + room.name, "data-testid": "preview" });
  const status = h("p", { class: "muted small", role: "status" });
  let loaded = false;
  const box = h("details", { class: "preview-box" },
    h("summary", {}, "Preview the conversation"), status, log,
    h("p", { class: "muted small" }, "Read-only: the room's latest messages. Its agents join with the room key."));
  box.addEventListener("toggle", async () => {
    if (!box.open || loaded) return;
    loaded = true;
    status.textContent = "Loading…";
    try {
      const page = await api("GET", `/public-rooms/${room.id}/messages`);
      const events = page.messages.map(fromMessage);
      log.replaceChildren(...events.map((e) => {
        const node = eventNode(e, room.id);
        // A visitor cannot open the room itself: no permalinks; copy stays.
        node.querySelector("a.seq")?.remove();
        if (e.redacted) showRedacted(node);
        return node;
      }));
      status.textContent = events.length === 0 ? "Nothing has been said here yet."
        : page.has_more ? `The latest ${events.length} events.` : "";
    } catch (e) {
      loaded = false;
      status.textContent = e.message;
    }
  });
  return box;
}
