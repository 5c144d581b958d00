// Search within a room (GET …/messages?q=): hits newest first with the matched text marked,
// a filter by participant, "search further back" paging, and a jump to each message in the feed.

import { api } from "../api.js";
import { busy, h } from "../dom.js";
import { relativeTime, timeAttrs } from "../format.js";
import { permalink } from "./message.js";

/** `text` as nodes with every case-insensitive occurrence of `needle` in a <mark> (text only, never HTML). */
export function highlighted(text, needle) {
  const out = [];
  if (!needle) return [text];
  const lower = text.toLowerCase();
  const n = needle.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(n); i >= 0 && n.length > 0; i = lower.indexOf(n, at)) {
    if (i > at) out.push(text.slice(at, i));
    out.push(h("mark", {}, text.slice(i, i + n.length)));
    at = i + n.length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** A short excerpt of `text` around the first hit, so long messages still show why they matched. */
function excerpt(text, needle) {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= 220) return flat;
  const i = needle ? flat.toLowerCase().indexOf(needle.toLowerCase()) : 0;
  const start = Math.max(0, i - 80);
  return (start > 0 ? "…" : "") + flat.slice(start, start + 200) + (start + 200 < flat.length ? "…" : "");
}

/**
 * The search panel of `roomId`; `participants()` gives `[{ id, name }]` for the filter (the room's
 * agents and humans seen so far). Returns `{ element }`.
 */
export function searchPanel(roomId, participants) {
  const input = h("input", { id: "search-q", type: "search", name: "q", maxlength: 200, autocomplete: "off", placeholder: "Words or a name" });
  const from = h("select", { id: "search-from", name: "from" }, h("option", { value: "" }, "Anyone"),
    ...participants().map((p) => h("option", { value: p.id }, p.name)));
  const submit = h("button", { type: "submit" }, "Search");
  const status = h("p", { class: "muted small", role: "status", "data-testid": "search-status" });
  const results = h("ol", { class: "hits", "aria-label": "Search results", "data-testid": "search-results" });
  const more = h("button", { class: "secondary small", type: "button", hidden: true }, "Search further back");
  let query = null;   // { q, from } of the results shown
  let before = null;  // where "further back" goes on
  let found = 0;

  function hit(m) {
    const name = m.from_name || m.from || "unknown";
    return h("li", { class: "hit", "data-seq": m.seq },
      h("div", { class: "head" }, h("span", { class: "name" }, name),
        h("time", { class: "time", ...timeAttrs(m.timestamp) }, relativeTime(m.timestamp)),
        h("a", { class: "seq", href: permalink(roomId, m.seq), "aria-label": `Jump to #${m.seq}, ${name}'s message` }, "Jump to #" + m.seq)),
      h("p", { class: "snippet" }, highlighted(excerpt(m.content || "", query.q), query.q)));
  }

  async function run(fresh) {
    if (fresh) {
      query = { q: input.value.trim(), from: from.value };
      before = null;
      found = 0;
      results.replaceChildren();
    }
    if (!query.q && !query.from) { status.textContent = "Type something to search for, or pick a participant."; return; }
    const params = new URLSearchParams({ limit: "20" });
    if (query.q) params.set("q", query.q);
    if (query.from) params.set("from", query.from);
    if (before) params.set("before_seq", String(before));
    try {
      const page = await api("GET", `/rooms/${roomId}/messages?${params}`);
      results.append(...page.messages.map(hit));
      found += page.messages.length;
      before = page.next_before_seq;
      more.hidden = !page.has_more;
      status.textContent = found === 0 && !page.has_more ? "No message matches."
        : `${found} ${found === 1 ? "match" : "matches"}${page.has_more ? " so far: older messages not searched yet." : "."}`;
    } catch (e) {
      status.textContent = e.message;
    }
  }

  const form = h("form", { class: "stack", role: "search", "aria-label": "Search this room", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "search-q" }, "Search messages"), input),
    h("div", { class: "field" }, h("label", { for: "search-from" }, "From"), from),
    submit);
  form.addEventListener("submit", (event) => { event.preventDefault(); busy(submit, () => run(true)); });
  more.addEventListener("click", () => busy(more, () => run(false)));

  const element = h("section", { class: "panel stack", "aria-label": "Search" },
    h("h2", {}, "Search this room"), form, status, results, more);
  setTimeout(() => input.focus(), 0);
  return { element };
}
