// Mentions (SPEC §10): who can be @named in a room, the composer's @name autocomplete, and what a
// message that mentions me looks like. The server parses mentions into each message's `mentions`
// (ids); the page only reads that list, never the text, so what counts as a mention is the
// server's one decision.
//
// "Mentions me" is my user id only: that message is highlighted and, out of sight, notified. A
// message that mentions an agent whose principal I am is notified too (it may need me), but not
// highlighted: my own agents are named in most of a busy room's lines, and a highlight on most
// lines marks nothing.

import { h } from "../dom.js";
import { notify } from "../notify.js";

/** Everyone who can be mentioned in one room: agents and humans, by id. */
export class People {
  #byId = new Map();   // id -> { id, name, kind: "agent" | "human", principal }

  /** Agents from room info, the watch's `members` or a refresh. */
  addAgents(agents) {
    for (const a of agents || []) {
      if (!a.agent_id || !a.name) continue;
      this.#byId.set(a.agent_id, { id: a.agent_id, name: a.name, kind: "agent", principal: a.principal?.user_id || null });
    }
  }

  /**
   * The room's humans, the whole list (`GET …/humans`: user_id, name): it replaces the humans known
   * so far, so someone who left or was removed is no longer offered.
   */
  setHumans(humans) {
    for (const [id, p] of this.#byId) if (p.kind === "human") this.#byId.delete(id);
    for (const u of humans || []) if (u.user_id && u.name) this.#byId.set(u.user_id, { id: u.user_id, name: u.name, kind: "human" });
  }

  /** A room event: a join names an agent, a human's message names its human. */
  addEvent(e) {
    if (e.type === "join" && e.from && e.fromName) {
      const known = this.#byId.get(e.from);
      this.#byId.set(e.from, { ...known, id: e.from, name: e.fromName, kind: "agent" });
    } else if (e.type === "message" && e.senderKind === "human" && e.from && e.fromName) {
      this.#byId.set(e.from, { id: e.from, name: e.fromName, kind: "human" });
    }
  }

  /** The ids of the agents whose principal is `userId`. */
  agentsOf(userId) {
    return [...this.#byId.values()].filter((p) => p.kind === "agent" && p.principal && p.principal === userId).map((p) => p.id);
  }

  get(id) {
    return this.#byId.get(id);
  }

  /** Whoever's name (or a word of it) starts with `prefix`, humans first, then by name; `exclude` left out (me). */
  matching(prefix, exclude) {
    const p = prefix.toLowerCase();
    return [...this.#byId.values()]
      .filter((x) => x.id !== exclude)
      .filter((x) => !p || x.name.toLowerCase().startsWith(p) || x.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(p)))
      .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "human" ? -1 : 1))
      .slice(0, 8);
  }
}

/** What goes into the text for a person: `@Name`; an agent whose name has spaces by its id (`@agt_…`), which cannot be misread. */
export function mentionText(person) {
  if (!/\s/.test(person.name)) return "@" + person.name;
  return person.kind === "agent" ? "@" + person.id : "@" + person.name;
}

let pickers = 0;

/**
 * The @name autocomplete of the composer's textarea: typing `@` and a few letters lists who
 * matches; ArrowUp/ArrowDown choose, Enter or Tab puts the name in, Escape closes the list.
 * `composer.onKey` lets it take those keys before the composer does (so Enter picks, not sends).
 */
export class MentionPicker {
  #text;
  #people;
  #me;
  #list;
  #count;
  #options = [];
  #active = 0;
  #start = -1;   // where the "@" of the word being completed is

  constructor(composer, people, meId) {
    this.#text = composer.textarea;
    this.#people = people;
    this.#me = meId;
    const id = "mention-list-" + ++pickers;
    this.#list = h("ul", { class: "mention-list", id, role: "listbox", "aria-label": "People to mention", hidden: true, "data-testid": "mention-list" });
    this.#count = h("span", { class: "sr-only", role: "status" });
    this.element = h("div", { class: "mention-picker" }, this.#list, this.#count);
    this.#text.setAttribute("aria-autocomplete", "list");
    this.#text.setAttribute("aria-controls", id);
    this.#text.addEventListener("input", () => this.#update());
    this.#text.addEventListener("blur", () => setTimeout(() => this.#close(), 150));
    composer.onKey((event) => this.#key(event));
  }

  get open() {
    return !this.#list.hidden;
  }

  #update() {
    const caret = this.#text.selectionStart;
    const before = this.#text.value.slice(0, caret);
    const word = /(^|\s)@([^\s@]{0,32})$/.exec(before);
    if (!word) { this.#close(); return; }
    this.#start = caret - word[2].length - 1;
    this.#options = this.#people.matching(word[2], this.#me);
    if (this.#options.length === 0) { this.#close(); return; }
    this.#active = 0;
    this.#render();
  }

  #render() {
    this.#list.replaceChildren(...this.#options.map((p, i) => h("li", {
      id: `${this.#list.id}-${i}`, role: "option", "aria-selected": String(i === this.#active), "data-id": p.id,
      onmousedown: (event) => { event.preventDefault(); this.#pick(i); },
    }, h("span", {}, p.name), h("span", { class: "muted small" }, p.kind))));
    this.#list.hidden = false;
    this.#text.setAttribute("aria-activedescendant", `${this.#list.id}-${this.#active}`);
    this.#count.textContent = `${this.#options.length} ${this.#options.length === 1 ? "person" : "people"} to mention: arrow keys choose, Enter picks`;
  }

  #close() {
    if (this.#list.hidden) return;
    this.#list.hidden = true;
    this.#list.replaceChildren();
    this.#text.removeAttribute("aria-activedescendant");
    this.#count.textContent = "";
  }

  #key(event) {
    if (!this.open) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const n = this.#options.length;
      this.#active = (this.#active + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      this.#render();
      return true;
    }
    if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      event.preventDefault();
      this.#pick(this.#active);
      return true;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();   // the list closes, not the drawer behind it
      this.#close();
      return true;
    }
    return false;
  }

  #pick(i) {
    const person = this.#options[i];
    if (!person) return;
    const value = this.#text.value;
    const caret = this.#text.selectionStart;
    const insert = mentionText(person) + " ";
    this.#text.value = value.slice(0, this.#start) + insert + value.slice(caret);
    const at = this.#start + insert.length;
    this.#text.setSelectionRange(at, at);
    this.#close();
    this.#text.focus();
  }
}

/**
 * Marks messages that mention `meId` (feed.decorate) and notifies, out of sight, about live ones
 * that mention me or one of my agents (`myAgents()` gives their ids) — not my own messages.
 */
export function mentionMarks(meId, myAgents, roomName) {
  return {
    decorate(node, e) {
      if (e.type !== "message" || !e.mentions.includes(meId)) return;
      node.classList.add("mentions-me");
      node.dataset.mentionsMe = "";
      node.querySelector(".head .time")?.before(h("span", { class: "badge mention" }, "mentions you"));
    },
    live(e) {
      if (e.type !== "message" || e.from === meId || e.mentions.length === 0) return;
      const mine = myAgents();
      const me = e.mentions.includes(meId);
      const agent = mine.find((id) => e.mentions.includes(id));
      if (!me && !agent) return;
      const text = String(e.content).length > 140 ? String(e.content).slice(0, 139) + "…" : String(e.content);
      notify(`${e.fromName || "Someone"} mentioned ${me ? "you" : "your agent"} in ${roomName()}`, text, "mention-" + e.seq);
    },
  };
}
