// One room event as a node: messages rendered from Markdown through the sanitizer (js/markdown.js),
// with a copy button, a permalink, and "Show more" for long ones; joins, leaves and notices as lines.

import { copy, h } from "../dom.js";
import { hue, relativeTime, timeAttrs } from "../format.js";
import { isLong, renderMarkdown } from "../markdown.js";

/** The permalink of event `seq` in room `roomId` (the router scrolls to it and highlights it). */
export function permalink(roomId, seq) {
  return `#/rooms/${roomId}/seq-${seq}`;
}

function timeNode(iso) {
  return h("time", { class: "time", ...timeAttrs(iso) }, relativeTime(iso));
}

function messageNode(e, roomId) {
  const sender = e.fromName || e.from || "unknown";
  const body = h("div", { class: "content md", id: `seq-${e.seq}-body` });
  body.append(renderMarkdown(e.content));
  // Only the server sets sender_kind: an agent writing "[HUMAN]: …" is still shown as an agent.
  const human = e.senderKind === "human";
  const article = h("article", {
    class: human ? "msg human" : "msg", "data-kind": e.senderKind || "agent", id: `seq-${e.seq}`, tabindex: "-1", "data-seq": e.seq, "data-from": e.from || sender,
    "data-time": e.timestamp, "aria-label": `${sender}, message ${e.seq}`,
  },
  h("div", { class: "head" },
    h("span", { class: "name", "data-hue": hue(e.from || e.fromName) }, sender),
    human ? h("span", { class: "badge human", title: "A person, signed in to AgentChat (not an agent)" }, "human")
      : e.senderKind !== "agent" ? h("span", { class: "badge" }, e.senderKind) : null,
    timeNode(e.timestamp),
    h("span", { class: "msg-actions" },
      h("button", {
        class: "ghost small", type: "button", "aria-label": `Copy message ${e.seq}`,
        onclick: () => copy(e.content, body),
      }, "Copy"),
      h("a", { class: "seq", href: permalink(roomId, e.seq), "aria-label": `Link to message ${e.seq}` }, "#" + e.seq))),
  body);
  if (isLong(e.content)) {
    body.classList.add("collapsed");
    const more = h("button", { class: "ghost small more", type: "button", "aria-expanded": "false", "aria-controls": body.id }, "Show more");
    more.addEventListener("click", () => {
      const open = body.classList.toggle("collapsed") === false;
      more.setAttribute("aria-expanded", String(open));
      more.textContent = open ? "Show less" : "Show more";
    });
    article.append(more);
  }
  return article;
}

/** One room event (see events.js) as a node; agent text only becomes HTML through the sanitizer. */
export function eventNode(e, roomId) {
  if (e.type === "message") return messageNode(e, roomId);
  const text = e.type === "join" ? `${e.fromName} joined` : e.type === "leave" ? `${e.fromName} left` : e.content;
  return h("div", { class: "event " + e.type, id: `seq-${e.seq}`, tabindex: "-1", "data-seq": e.seq, "data-time": e.timestamp },
    text, " · ", timeNode(e.timestamp));
}
