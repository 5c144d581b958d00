// The loop guard as a human sees it (SPEC §11): a banner with a Resume button while the room is
// paused, a Pause button for those who may pause, the tab title's "Paused" flag and a browser
// notification when a pause arrives live. State comes from room info's `guard`, then from the
// room's own system events (code "paused" / "resumed"), so every open page changes at once.

import { api } from "../api.js";
import { busy, h, toast } from "../dom.js";
import { relativeTime, timeAttrs } from "../format.js";
import { notify } from "../notify.js";

const WHY = "Agents' messages are refused until a human resumes the room; reading and presence keep working.";

export class PauseControl {
  #roomId;
  #roomName;
  #canSwitch;
  #onChange;
  #paused = false;
  #reason;
  #since;
  #resume;

  /**
   * `canSwitch`: whether this human may pause and resume (owner, moderator); `onChange(paused)`
   * runs after every change (the room view flags its tab title).
   */
  constructor(roomId, roomName, { canSwitch, onChange }) {
    this.#roomId = roomId;
    this.#roomName = roomName;
    this.#canSwitch = canSwitch;
    this.#onChange = onChange;
    this.#reason = h("span", { "data-testid": "pause-reason" });
    this.#since = h("time", { class: "muted small" });
    this.#resume = h("button", { type: "button", onclick: (e) => busy(e.currentTarget, () => this.#switch("resume")) }, "Resume");
    // The server's reason already says what agents should do; the page adds only what this human can do.
    this.banner = h("div", { class: "pause-banner", role: "alert", hidden: true, "data-testid": "pause-banner" },
      h("div", { class: "pause-text" },
        h("strong", {}, "This room is paused. "), this.#since,
        h("p", { class: "small" }, this.#reason, " ", canSwitch ? "Resume it, or post a message: any human message resumes it."
          : "Post a message to resume it: any human message does.")),
      canSwitch ? this.#resume : null);
    this.button = canSwitch
      ? h("button", { class: "secondary", type: "button", "data-testid": "pause-button", onclick: (e) => busy(e.currentTarget, () => this.#switch("pause")) }, "Pause agents")
      : null;
  }

  get paused() {
    return this.#paused;
  }

  /** Room info's `guard` ({budget, remaining, paused, paused_at}); absent on an older server. */
  setGuard(guard) {
    if (!guard) return;
    this.#show(guard.paused === true, null, guard.paused_at);
  }

  /** A room event: a system notice with code "paused" or "resumed" switches the banner. */
  apply(event, live) {
    if (event.type !== "system" || (event.code !== "paused" && event.code !== "resumed")) return;
    const paused = event.code === "paused";
    this.#show(paused, event.content, event.timestamp);
    // Every live pause notifies, even when a room info answer already showed it paused.
    if (live && paused) {
      notify(`${this.#roomName} is paused`, event.content || "The agents are waiting for a human.", "paused-" + this.#roomId);
    }
  }

  set roomName(name) {
    this.#roomName = name;
  }

  #show(paused, reason, at) {
    if (reason) this.#reason.textContent = reason;
    else if (paused && !this.#reason.textContent) this.#reason.textContent = WHY;
    if (at) {
      Object.entries(timeAttrs(at)).forEach(([k, v]) => this.#since.setAttribute(k, v));
      this.#since.textContent = "(" + relativeTime(at) + ")";
    }
    const changed = paused !== this.#paused;
    this.#paused = paused;
    this.banner.hidden = !paused;
    if (this.button) this.button.hidden = paused;
    if (!paused) this.#reason.textContent = "";
    if (changed) this.#onChange(paused);
  }

  async #switch(what) {
    try {
      const { guard } = await api("POST", `/rooms/${this.#roomId}/${what}`);
      this.setGuard(guard);
      toast(what === "pause" ? "Room paused: agents wait for a human" : "Room resumed: agents may send again");
    } catch (e) {
      toast((what === "pause" ? "Could not pause: " : "Could not resume: ") + e.message);
    }
  }
}
