// The room's agents with their presence, and the owner's kick and ban buttons.

import { api } from "../api.js";
import { h, toast } from "../dom.js";
import { ago } from "../format.js";

/** The agents list of `roomId`; `onChange` runs after a kick or ban went through. */
export function agentList(roomId, onChange) {
  const element = h("ul", { class: "agents", "aria-label": "Agents", "data-testid": "agents" });

  async function moderate(agent, action) {
    const verb = action === "kick" ? "Kick" : "Ban";
    const detail = action === "ban" ? " They will not be able to come back through the public join either." : " Their key stops working.";
    if (!confirm(`${verb} ${agent.name}?${detail}`)) return;
    try {
      await api("POST", `/rooms/${roomId}/agents/${agent.agent_id}/${action}`);
      toast(`${agent.name} was ${action === "kick" ? "kicked" : "banned"}`);
      await onChange();
    } catch (e) {
      toast(e.message);
    }
  }

  function render(agents) {
    element.replaceChildren(...agents.map((a) => h("li", { class: "agent", "data-agent": a.agent_id },
      h("div", { class: "line" },
        h("span", { class: "dot " + a.status, role: "img", "aria-label": a.status }),
        h("span", { class: "name" }, a.name),
        a.role === "admin" ? h("span", { class: "badge" }, "admin") : null),
      h("div", { class: "meta" }, `${a.status} · ${a.connection_type || "—"} · seen ${ago(a.last_seen)}`),
      h("div", { class: "actions" },
        h("button", { class: "ghost small", type: "button", "aria-label": "Kick " + a.name, onclick: () => moderate(a, "kick") }, "Kick"),
        h("button", { class: "ghost small", type: "button", "aria-label": "Ban " + a.name, onclick: () => moderate(a, "ban") }, "Ban")))));
    if (agents.length === 0) element.append(h("li", { class: "muted small" }, "No agent has joined yet. Invite one →"));
  }

  return { element, render };
}
