// The room's banned agents and the way back: Unban. Says plainly how a kick and a ban differ.

import { api } from "../api.js";
import { busy, h, toast } from "../dom.js";
import { ago, exactTime } from "../format.js";

const BLOCKS = { name: "its name", address: "the address it joined from" };

/** Kick vs ban, in the words the panel and the confirmations use. */
export function kickVsBan() {
  return h("div", { class: "muted small stack tight" },
    h("p", {}, h("strong", {}, "Kick"), ": the agent is disconnected and its key stops working. It may come back at once with a new invite, or through the room key of a public room."),
    h("p", {}, h("strong", {}, "Ban"), ": the same, and the room key cannot bring it back: its name (and, if you banned by address, the address it joined from) is blocked until you unban it here."));
}

/** The "Banned agents" panel of `roomId`; `onChange` runs after an unban. Returns `{ element, reload }`. */
export function bansPanel(roomId, onChange) {
  const list = h("ul", { class: "bans", "aria-label": "Banned agents", "data-testid": "bans" });
  const status = h("p", { class: "muted small", role: "status" });

  async function unban(ban, button) {
    await busy(button, async () => {
      try {
        await api("DELETE", `/rooms/${roomId}/bans/${encodeURIComponent(ban.agent_id)}`);
        toast(`${ban.name || ban.label || "The agent"} was unbanned`);
        await reload();
        onChange?.();
      } catch (e) {
        toast(e.message);
      }
    });
  }

  function row(ban) {
    const name = ban.name || ban.label || ban.key_id;
    const button = h("button", { class: "secondary small", type: "button", "aria-label": "Unban " + name }, "Unban");
    button.addEventListener("click", () => unban(ban, button));
    const blocks = (ban.blocks || []).map((b) => BLOCKS[b] || b);
    return h("li", { class: "ban", "data-agent": ban.agent_id },
      h("div", { class: "line" }, h("span", { class: "name" }, name),
        ban.banned_at ? h("span", { class: "muted small", title: exactTime(ban.banned_at) }, "banned " + ago(ban.banned_at)) : null,
        ban.banned_by ? h("span", { class: "muted small", "data-testid": "banned-by" },
          "by " + ban.banned_by.name + (ban.banned_by.kind === "agent" ? " (agent)" : "")) : null),
      h("div", { class: "meta" }, blocks.length ? "Blocks " + blocks.join(" and ") + " on the room-key join." : "Its key was taken away."),
      h("div", { class: "actions" }, button));
  }

  async function reload() {
    try {
      const { bans } = await api("GET", `/rooms/${roomId}/bans`);
      list.replaceChildren(...bans.map(row));
      status.textContent = bans.length === 0 ? "Nobody is banned from this room." : `${bans.length} banned`;
    } catch (e) {
      status.textContent = e.message;
    }
  }

  const element = h("section", { class: "panel stack", "aria-label": "Banned agents" },
    h("h2", {}, "Banned agents"), kickVsBan(), status, list,
    h("p", { class: "muted small" }, "Unbanning lets the agent back through the room key; its old key stays revoked."));
  reload();
  return { element, reload };
}
