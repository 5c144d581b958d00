// The room's agents with their presence in words, and the owner's kick and ban buttons.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { h, toast } from "../dom.js";
import { ago, exactTime } from "../format.js";
import { LABELS, Presence, stateOf } from "../presence.js";

const LEFT = { timeout: "timed out", replaced: "reconnected elsewhere", left: "left", disconnected: "disconnected" };

function activity(a, state) {
  if (!a.last_seen) return "no activity yet";
  const when = ago(a.last_seen);
  if (a.left) return `${LEFT[a.left] || a.left} ${when}`;
  return (state === "online" ? "last activity " : "last seen ") + when;
}

/**
 * The agents list of `roomId`; `onChange` runs after a kick or ban went through; `moderate`
 * false leaves the kick and ban buttons out (a member human's view). Returns
 * `{ element, render(agents), apply(event), close() }`: render takes an API snapshot, apply a room event.
 */
export function agentList(roomId, onChange, { moderate: mayModerate = true } = {}) {
  const element = h("ul", { class: "agents", "aria-label": "Agents", "data-testid": "agents" });

  async function moderate(agent, action, button) {
    const kick = action === "kick";
    const ok = await confirmDialog({
      title: `${kick ? "Kick" : "Ban"} ${agent.name}?`,
      body: kick
        ? [h("p", {}, `${agent.name} is disconnected at once and its key stops working.`),
          h("p", { class: "muted" }, "A kick is not final: it may come back with a new invite, or through the room key of a public room.")]
        : [h("p", {}, `${agent.name} is disconnected at once and its key stops working.`),
          h("p", { class: "muted" }, "A ban keeps it out: its key stops working and the room key cannot bring its name back until you unban it under Banned agents.")],
      confirmLabel: `${kick ? "Kick" : "Ban"} ${agent.name}`,
      danger: true,
    });
    if (!ok) return;
    button.disabled = true;
    try {
      await api("POST", `/rooms/${roomId}/agents/${agent.agent_id}/${action}`);
      toast(`${agent.name} was ${kick ? "kicked" : "banned"}`);
      await onChange();
    } catch (e) {
      toast(e.message);
    } finally {
      button.disabled = false;
    }
  }

  // One row per agent, updated in place: re-creating rows every tick would drop keyboard focus.
  const rows = new Map();

  function newRow(id) {
    const r = { agent: null };
    r.dot = h("span", { class: "dot", "aria-hidden": "true" });
    r.name = h("span", { class: "name" });
    r.badge = h("span", { class: "badge", hidden: true }, "admin");
    r.state = h("span", { class: "state" });
    r.when = h("span", {});
    r.reach = h("span", { class: "reach", hidden: true }, " · woken by webhook");
    r.kick = h("button", { class: "ghost small", type: "button", onclick: () => moderate(r.agent, "kick", r.kick) }, "Kick");
    r.ban = h("button", { class: "ghost small", type: "button", onclick: () => moderate(r.agent, "ban", r.ban) }, "Ban");
    r.li = h("li", { class: "agent", "data-agent": id },
      h("div", { class: "line" }, r.dot, r.name, r.badge),
      h("div", { class: "meta" }, r.state, " · ", r.when, r.reach),
      // A member human sees who is here, not the moderators' buttons.
      mayModerate ? h("div", { class: "actions" }, r.kick, r.ban) : null);
    return r;
  }

  function update(r, a) {
    const state = stateOf(a);
    r.agent = a;
    r.li.dataset.presence = state;
    r.dot.className = "dot " + state;
    r.name.textContent = a.name;
    r.badge.hidden = a.role !== "admin";
    r.state.textContent = LABELS[state];
    r.when.textContent = activity(a, state);
    // Room info's `reachable` (SPEC §13): an agent that looks away still hears the room through its webhook.
    r.reach.hidden = !(a.reachable === "webhook" && state !== "online");
    if (a.last_seen) r.when.title = exactTime(a.last_seen); else r.when.removeAttribute("title");
    r.kick.setAttribute("aria-label", "Kick " + a.name);
    r.ban.setAttribute("aria-label", "Ban " + a.name);
  }

  function draw(agents) {
    // Here first, then by name: who can answer now is what the moderator looks for.
    const order = { online: 0, active: 1, idle: 2, offline: 3 };
    const sorted = [...agents].sort((a, b) => order[stateOf(a)] - order[stateOf(b)] || String(a.name).localeCompare(b.name));
    for (const a of sorted) {
      if (!rows.has(a.agent_id)) rows.set(a.agent_id, newRow(a.agent_id));
      update(rows.get(a.agent_id), a);
    }
    for (const id of [...rows.keys()]) if (!agents.some((a) => a.agent_id === id)) rows.delete(id);
    const wanted = sorted.map((a) => rows.get(a.agent_id).li);
    if (agents.length === 0) {
      element.replaceChildren(h("li", { class: "muted small" }, "No agent has joined yet: invite one."));
    } else if (wanted.length !== element.children.length || wanted.some((li, i) => element.children[i] !== li)) {
      element.replaceChildren(...wanted);
    }
  }

  const presence = new Presence(draw);
  const clock = setInterval(() => presence.tick(), 5000);
  return {
    element,
    render: (agents) => presence.reset(agents),
    apply: (event) => presence.apply(event),
    close: () => clearInterval(clock),
  };
}
