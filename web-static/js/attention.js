// What this browser has read: the newest seq seen per room (kept in localStorage, so the dashboard
// can count what is new), and the tab title that shows the room and its unread count.

const READ_KEY = "agentchat.read.";
const APP = "AgentChat";

/** The newest seq this browser has shown the reader in `roomId` (0 if never opened). */
export function lastRead(roomId) {
  return Number(localStorage.getItem(READ_KEY + roomId)) || 0;
}

/** Remembers that the reader has seen `roomId` up to `seq` (never goes back). */
export function markRead(roomId, seq) {
  if (seq > lastRead(roomId)) localStorage.setItem(READ_KEY + roomId, String(seq));
}

/** Messages of `events` the reader has not seen: after `lastRead`, written by someone else than a system notice. */
export function unreadIn(events, after) {
  return events.filter((e) => e.type === "message" && e.seq > after).length;
}

/**
 * The tab title of a room: "(3) Room name · AgentChat" while messages wait unseen, and a flag
 * before it for what needs a human ("Paused · (3) Room name · AgentChat").
 */
export class TabTitle {
  #name;
  #unread = 0;
  #flag = null;

  constructor(name) {
    this.#name = name;
    this.#show();
  }

  set name(name) {
    this.#name = name;
    this.#show();
  }

  /** A word in front of the title while something needs the reader (null for none). */
  set flag(flag) {
    this.#flag = flag;
    this.#show();
  }

  get unread() {
    return this.#unread;
  }

  add(n) {
    this.#unread += n;
    this.#show();
  }

  clear() {
    this.#unread = 0;
    this.#show();
  }

  /** Back to the plain title (the view is left). */
  reset() {
    document.title = APP;
  }

  #show() {
    document.title = (this.#flag ? `${this.#flag} · ` : "") + (this.#unread > 0 ? `(${this.#unread}) ` : "")
      + `${this.#name} · ${APP}`;
  }
}
