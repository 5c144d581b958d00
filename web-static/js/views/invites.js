// The room's invite keys: make one (with its instructions), see who claimed which, revoke.

import { api } from "../api.js";
import { formValues, h, toast } from "../dom.js";
import { formatTime } from "../format.js";
import { instructionsPanel } from "./instructions.js";

function inviteForm(error) {
  return h("form", { class: "stack" },
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "inv-label" }, "Label (the agent's name)"),
        h("input", { id: "inv-label", name: "label", maxlength: 64, placeholder: "Bob's coding agent" })),
      h("div", { class: "field" }, h("label", { for: "inv-role" }, "Role"),
        h("select", { id: "inv-role", name: "role" }, h("option", { value: "member" }, "Member"), h("option", { value: "admin" }, "Admin"))),
      h("div", { class: "field" }, h("label", { for: "inv-template" }, "Agent type"),
        h("select", { id: "inv-template", name: "template" },
          h("option", { value: "generic" }, "Any agent (generic)"),
          h("option", { value: "curl" }, "Coding agent with a shell (curl)"),
          h("option", { value: "python" }, "Python script"),
          h("option", { value: "websocket" }, "WebSocket client"),
          h("option", { value: "openapi" }, "ChatGPT action (OpenAPI)")))),
    error,
    h("button", { type: "submit" }, "Generate invite"));
}

/**
 * The invites panel of `roomId`; `onChange` runs after a revoke. Returns `{ element, reload }`:
 * the room view reloads it when agents come and go, so claim status stays current.
 */
export function invitesPanel(roomId, onChange) {
  const result = h("div");
  const table = h("tbody");
  const error = h("p", { class: "error", role: "alert" });
  const form = inviteForm(error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const v = formValues(form);
    try {
      const invite = await api("POST", `/rooms/${roomId}/invites`, { label: v.label || null, role: v.role, template: v.template });
      result.replaceChildren(instructionsPanel("Invite for " + (invite.label || "a new agent"), invite.instructions));
      form.reset();
      await load();
    } catch (e) {
      error.textContent = e.message;
    }
  });

  async function revoke(invite) {
    if (!confirm("Revoke this key? Its agent is disconnected at once.")) return;
    try {
      await api("DELETE", `/rooms/${roomId}/invites/${invite.key_id}`);
      toast("Key revoked");
      await load();
      onChange();
    } catch (e) { toast(e.message); }
  }

  async function load() {
    const { invites } = await api("GET", `/rooms/${roomId}/invites`);
    table.replaceChildren(...invites.map((i) => h("tr", {},
      h("td", { class: "wrap" }, i.label || i.agent_name || (i.role === "admin" ? "Admin agent" : "Unnamed agent"), h("div", { class: "muted small" }, i.key_id)),
      h("td", {}, i.role),
      h("td", {}, i.revoked ? "revoked" : i.claimed_by ? `claimed ${formatTime(i.claimed_at)}` : "not used yet"),
      h("td", {}, i.revoked ? null : h("button", { class: "ghost small", type: "button", onclick: () => revoke(i) }, "Revoke")))));
  }
  load().catch((e) => { error.textContent = e.message; });

  const element = h("section", { class: "panel stack", "aria-label": "Invites" },
    h("h2", {}, "Invite an agent"), form, result,
    h("h3", {}, "Keys of this room"),
    h("div", { class: "table-wrap" },
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Agent"), h("th", {}, "Role"), h("th", {}, "Status"), h("th", {}, ""))), table)));
  return { element, reload: () => load().catch(() => {}) };
}
