// The room's conversation: room events in seq order, each shown once, older pages loaded on
// demand, and the view kept at the newest event unless the reader has scrolled up.

import { h, toast } from "../dom.js";
import { dayKey, dayLabel, relativeTime } from "../format.js";
import { eventNode } from "./message.js";

/** Consecutive messages of one sender closer than this share one header. */
const GROUP_MS = 5 * 60 * 1000;

/**
 * The feed element and its "New messages" button; `fetchOlder(beforeSeq)` gives `{ events, hasMore }`;
 * `empty` is shown while the room has no event at all. `close()` stops its clock.
 */
export class Feed {
  #seen = new Set();   // seqs shown: a reconnect may resend some
  #firstSeq = null;
  #lastSeq = 0;
  #older = true;       // whether older events may exist before the first one shown
  #fetchOlder;
  #olderButton;
  #olderRow;

  #roomId;
  #empty;
  #clock;

  #decorate;

  /** `decorate(node, event)`, if given, finishes each event node before it is shown: the moderation buttons (the `decorate` field marks mentions). */
  constructor(roomId, fetchOlder, empty, decorate) {
    this.#roomId = roomId;
    this.#decorate = decorate;
    this.#fetchOlder = fetchOlder;
    this.#empty = empty;
    this.element = h("div", { class: "feed", role: "log", "aria-live": "polite", "aria-label": "Messages", "data-testid": "feed" });
    this.jump = h("button", { class: "secondary small jump", type: "button", hidden: true, onclick: () => this.#scrollToBottom(true) }, "New messages ↓");
    this.#olderButton = h("button", { class: "ghost small", type: "button", onclick: () => this.#loadOlder() }, "Load older messages");
    this.#olderRow = h("div", { class: "older" }, this.#olderButton);
    this.element.append(this.#olderRow);
    if (empty) this.element.append(empty);
    // Relative times ("3 min ago") age while the page stays open.
    this.#clock = setInterval(() => this.#retime(), 30000);
    this.element.addEventListener("scroll", () => {
      if (this.#nearBottom()) this.jump.hidden = true;
      if (this.element.scrollTop < 40 && this.#older && !this.#olderButton.disabled) this.#loadOlder();
    });
  }

  close() {
    clearInterval(this.#clock);
  }

  /** `decorate(node, event)`, if set, marks up each event's node before it is shown (mentions). */
  decorate = null;

  /** Whether the newest event is in view (not scrolled up). */
  get atBottom() {
    return this.#nearBottom();
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
      const node = eventNode(e, this.#roomId);
      this.decorate?.(node, e);
      this.#decorate?.(node, e);
      feed.insertBefore(node, next);
      if (this.#firstSeq === null || e.seq < this.#firstSeq) this.#firstSeq = e.seq;
      if (e.seq > this.#lastSeq) this.#lastSeq = e.seq;
    }
    this.#regroup();
    if (atTop) feed.scrollTop += feed.scrollHeight - before;
    else if (stick) this.#scrollToBottom(true);
    else this.jump.hidden = false;
  }

  /** The node of event `seq`, if shown. */
  node(seq) {
    return this.element.querySelector(`#seq-${seq}`);
  }

  /** Scrolls to event `seq` (loading older pages until it is there) and highlights it. */
  async focusSeq(seq) {
    for (let round = 0; round < 50 && !this.element.querySelector(`#seq-${seq}`) && this.#older
      && this.#firstSeq !== null && this.#firstSeq > seq; round++) {
      await this.#loadOlder();
    }
    const target = this.element.querySelector(`#seq-${seq}`);
    if (!target) { toast(`Message ${seq} is not in this room's history`); return; }
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    target.classList.add("highlight");
    setTimeout(() => target.classList.remove("highlight"), 4000);
  }

  /** Headers once per run of one sender's messages, and a separator at each new day (viewer's time zone). */
  #regroup() {
    const feed = this.element;
    for (const sep of feed.querySelectorAll(".day")) sep.remove();
    let prev = null;
    for (const el of feed.querySelectorAll("[data-seq]")) {
      const time = el.dataset.time;
      if (!prev || dayKey(prev.dataset.time) !== dayKey(time)) {
        feed.insertBefore(h("div", { class: "day", role: "separator", "aria-label": dayLabel(time) }, h("span", {}, dayLabel(time))), el);
      }
      const joined = prev && el.classList.contains("msg") && prev.classList.contains("msg")
        && prev.dataset.from === el.dataset.from && dayKey(prev.dataset.time) === dayKey(time)
        && new Date(time) - new Date(prev.dataset.time) < GROUP_MS;
      el.classList.toggle("cont", Boolean(joined));
      prev = el;
    }
    if (this.#empty) this.#empty.hidden = prev !== null;
  }

  #retime() {
    for (const t of this.element.querySelectorAll("time[data-rel]")) t.textContent = relativeTime(t.getAttribute("datetime"));
  }

  /** After the watch's history: drops the "older" row when the room's first event is shown. */
  historyShown() {
    if (this.#firstSeq === null || this.#firstSeq <= 1) this.#noOlder();
    this.#regroup();
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
