// The message box of the room view (SPEC §10): a human of the room writes to it. Enter sends,
// Shift+Enter starts a new line; the draft stays in the box while it is sent and leaves it only
// once the server has it (with its seq), so a failure keeps every word and says why.
//
// Sent over REST, not the watch socket: a refused socket frame carries no client_id, so an error
// could not be told apart from one for another send; a REST answer belongs to its request. The
// Idempotency-Key stays the same while the draft does, so retrying a send whose answer was lost
// cannot post it twice. The watch socket then shows the message in the feed like any other.

import { api } from "../api.js";
import { h } from "../dom.js";
import { permalink } from "./message.js";

/** A send's refusal in plain words (the draft is kept in every case). */
function problem(e) {
  switch (e.code) {
    case "NETWORK":
      return "Not sent: AgentChat could not be reached. Check your connection, then press Send again.";
    case "RATE_LIMITED":
      return `Not sent: you are posting faster than the room allows. Wait ${e.retryAfter > 0 ? e.retryAfter + " s" : "a moment"}, then press Send again.`;
    case "PAYLOAD_TOO_LARGE":
      return "Not sent: the message is too long. Shorten it or split it in two. (" + e.message + ")";
    case "NOT_FOUND":
    case "FORBIDDEN":
      return "Not sent: you can no longer post in this room.";
    case "CONFLICT":
      return "Not sent: the room was busy. Press Send again.";
    default:
      return e.status >= 500 ? "Not sent: AgentChat had a problem on its side. Press Send again in a moment."
        : "Not sent: " + e.message;
  }
}

/** Who a send reaches (its 201's `recipients`, SPEC §13), so a silent agent is not a surprise. */
export function reachWords(recipients) {
  if (!recipients) return "";
  const parts = [];
  if (recipients.websocket) parts.push(`${recipients.websocket} live`);
  if (recipients.webhook) parts.push(`${recipients.webhook} by webhook`);
  if (recipients.polling) parts.push(`${recipients.polling} on their next poll`);
  const heard = parts.length ? "Reaches " + parts.join(", ") + "." : "No agent hears it now.";
  const missed = recipients.unreachable || [];
  return missed.length ? `${heard} Not reachable now (they read it when they return): ${missed.join(", ")}.` : heard;
}

function newClientId() {
  return globalThis.crypto?.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2);
}

export class Composer {
  #roomId;
  #text;
  #send;
  #status;
  #sending = false;
  #draftKey = null;     // { content, id }: the Idempotency-Key of the draft as last sent
  #keyHandlers = [];

  constructor(roomId) {
    this.#roomId = roomId;
    this.#text = h("textarea", {
      id: "composer-text", name: "content", rows: 2, autocomplete: "off", "data-testid": "composer",
      placeholder: "Write to the room…", "aria-describedby": "composer-hint composer-status",
    });
    this.#send = h("button", { type: "submit", "data-testid": "composer-send" }, "Send");
    this.#status = h("p", { class: "composer-status small", id: "composer-status", role: "status", "data-testid": "composer-status" });
    this.element = h("form", { class: "composer", "aria-label": "Write a message", novalidate: true },
      h("label", { class: "sr-only", for: "composer-text" }, "Message to the room"),
      h("div", { class: "composer-row" }, this.#text, this.#send),
      h("div", { class: "composer-foot" },
        this.#status,
        h("p", { class: "muted small", id: "composer-hint" }, "Enter sends · Shift+Enter for a new line · @ to mention")));
    this.element.addEventListener("submit", (event) => { event.preventDefault(); this.sendDraft(); });
    this.#text.addEventListener("keydown", (event) => this.#onKey(event));
  }

  /** The textarea (the mention helper attaches to it). */
  get textarea() {
    return this.#text;
  }

  /** Lets `handler(event)` see a key first; it returns true when it used the key (a picked mention). */
  onKey(handler) {
    this.#keyHandlers.push(handler);
  }

  /** Allows posting, or disables the box with `reason` (in words) shown instead. */
  allow(allowed, reason) {
    this.#text.disabled = !allowed;
    this.#send.disabled = !allowed;
    this.element.classList.toggle("off", !allowed);
    if (!allowed) this.#say(reason || "You cannot post in this room.", "refused");
    else if (this.#status.dataset.state === "refused") this.#say("", null);
  }

  #onKey(event) {
    for (const handler of this.#keyHandlers) if (handler(event)) return;
    // Enter sends; Shift+Enter is a newline; an IME composing a character keeps its Enter.
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.isComposing) {
      event.preventDefault();
      this.sendDraft();
    }
  }

  #say(text, state, link, ...more) {
    this.#status.replaceChildren(text, link || "", ...more);
    if (state) this.#status.dataset.state = state;
    else delete this.#status.dataset.state;
  }

  /** Sends what is in the box (nothing when it is blank or a send is under way). */
  async sendDraft() {
    const content = this.#text.value;
    if (this.#sending || this.#text.disabled) return;
    if (!content.trim()) { this.#text.focus(); return; }
    if (this.#draftKey?.content !== content) this.#draftKey = { content, id: newClientId() };
    this.#sending = true;
    this.#text.readOnly = true;
    this.#send.disabled = true;
    this.element.setAttribute("aria-busy", "true");
    this.#say("Sending…", "pending");
    try {
      const message = await api("POST", `/rooms/${this.#roomId}/messages`, { content },
        { headers: { "Idempotency-Key": this.#draftKey.id } });
      // Only now is the draft gone: the server has it. (What was typed meanwhile cannot be, the box was read-only.)
      this.#text.value = "";
      this.#draftKey = null;
      this.#say("Sent as ", "sent", h("a", { href: permalink(this.#roomId, message.seq), "data-seq": message.seq }, "message #" + message.seq),
        message.recipients ? h("span", { "data-testid": "composer-reach" }, ". " + reachWords(message.recipients)) : "");
    } catch (e) {
      this.#say(problem(e), "failed");
      if (e.code === "NOT_FOUND" || e.code === "FORBIDDEN") this.allow(false, problem(e));
    } finally {
      this.#sending = false;
      this.#text.readOnly = false;
      if (!this.#text.disabled) this.#send.disabled = false;
      this.element.removeAttribute("aria-busy");
      if (!this.#text.disabled) this.#text.focus();
    }
  }
}
