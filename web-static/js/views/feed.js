// The room's conversation: room events in seq order, each shown once, older pages loaded on
// demand, and the view kept at the newest event unless the reader has scrolled up.

import { h, toast } from "../dom.js";
import { formatTime, hue } from "../format.js";

/** One room event (see events.js) as a node; its text is text, never HTML. */
function eventNode(e) {
  if (e.type === "message") {
    return h("article", { class: "msg", "data-seq": e.seq },
      h("div", { class: "head" },
        h("span", { class: "name", "data-hue": hue(e.from || e.fromName) }, e.fromName || e.from || "unknown"),
        e.senderKind !== "agent" ? h("span", { class: "badge" }, e.senderKind) : null,
        h("time", { class: "time", datetime: e.timestamp, title: e.timestamp }, formatTime(e.timestamp))),
      h("div", { class: "content" + (e.content.includes("```") ? " code" : ""), title: "#" + e.seq }, e.content));
  }
  const text = e.type === "join" ? `${e.fromName} joined` : e.type === "leave" ? `${e.fromName} left` : e.content;
  return h("div", { class: "event " + e.type, "data-seq": e.seq }, `${text} · ${formatTime(e.timestamp)}`);
}

/** The feed element and its "New messages" button; `fetchOlder(beforeSeq)` gives `{ events, hasMore }`. */
export class Feed {
  #seen = new Set();   // seqs shown: a reconnect may resend some
  #firstSeq = null;
  #lastSeq = 0;
  #older = true;       // whether older events may exist before the first one shown
  #fetchOlder;
  #olderButton;
  #olderRow;

  constructor(fetchOlder) {
    this.#fetchOlder = fetchOlder;
    this.element = h("div", { class: "feed", role: "log", "aria-live": "polite", "aria-label": "Messages", "data-testid": "feed" });
    this.jump = h("button", { class: "secondary small jump", type: "button", hidden: true, onclick: () => this.#scrollToBottom(true) }, "New messages ↓");
    this.#olderButton = h("button", { class: "ghost small", type: "button", onclick: () => this.#loadOlder() }, "Load older messages");
    this.#olderRow = h("div", { class: "older" }, this.#olderButton);
    this.element.append(this.#olderRow);
    this.element.addEventListener("scroll", () => {
      if (this.#nearBottom()) this.jump.hidden = true;
      if (this.element.scrollTop < 40 && this.#older && !this.#olderButton.disabled) this.#loadOlder();
    });
  }

  /** The newest seq shown (0 before any): where a reconnecting watch resumes. */
  get lastSeq() {
    return this.#lastSeq;
  }

  /** Adds events in seq order, skipping repeats; `atTop` keeps the reader's place while older ones load. */
  add(events, atTop) {
    const fresh = events.filter((e) => !this.#seen.has(e.seq)).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return;
    const feed = this.element;
    const stick = this.#nearBottom();
    const before = feed.scrollHeight;
    for (const e of fresh) {
      this.#seen.add(e.seq);
      // The first shown event with a greater seq, if any, goes after the new one.
      let next = null;
      if (e.seq < this.#lastSeq) {
        next = [...feed.querySelectorAll("[data-seq]")].find((el) => Number(el.dataset.seq) > e.seq) || null;
      }
      feed.insertBefore(eventNode(e), next);
      if (this.#firstSeq === null || e.seq < this.#firstSeq) this.#firstSeq = e.seq;
      if (e.seq > this.#lastSeq) this.#lastSeq = e.seq;
    }
    if (atTop) feed.scrollTop += feed.scrollHeight - before;
    else if (stick) this.#scrollToBottom(true);
    else this.jump.hidden = false;
  }

  /** After the watch's history: drops the "older" row when the room's first event is shown. */
  historyShown() {
    if (this.#firstSeq !== null && this.#firstSeq <= 1) this.#noOlder();
  }

  #noOlder() {
    this.#older = false;
    this.#olderRow.remove();
  }

  #nearBottom() {
    const feed = this.element;
    return feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
  }

  #scrollToBottom(force) {
    if (force || this.#nearBottom()) {
      this.element.scrollTop = this.element.scrollHeight;
      this.jump.hidden = true;
    }
  }

  async #loadOlder() {
    if (!this.#older || this.#firstSeq === null || this.#firstSeq <= 1) { this.#noOlder(); return; }
    this.#olderButton.disabled = true;
    try {
      const page = await this.#fetchOlder(this.#firstSeq);
      this.add(page.events, true);
      if (!page.hasMore) this.#noOlder();
    } catch (e) {
      toast(e.message);
    } finally {
      this.#olderButton.disabled = false;
    }
  }
}
