// The room's invite keys: make one (with its instructions), see who claimed which, revoke.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { busy, formValues, h, toast } from "../dom.js";
import { formatTime } from "../format.js";
import { clearErrors, field, serverErrors, showErrors } from "../forms.js";
import { addSecret } from "../secrets.js";
import { secretsList } from "./instructions.js";

function inviteForm(error) {
  return h("form", { class: "stack", novalidate: true, "aria-label": "New invite" },
    h("div", { class: "row" },
      field("inv-label", "Label (the agent's name)", h("input", { name: "label", maxlength: 64, placeholder: "Bob's coding agent", autocomplete: "off" })),
      field("inv-role", "Role", h("select", { name: "role" }, h("option", { value: "member" }, "Member"), h("option", { value: "admin" }, "Admin"))),
      field("inv-template", "Agent type", h("select", { name: "template" },
        h("option", { value: "generic" }, "Any agent (generic)"),
        h("option", { value: "curl" }, "Coding agent with a shell (curl)"),
        h("option", { value: "python" }, "Python script"),
        h("option", { value: "websocket" }, "WebSocket client"),
        h("option", { value: "openapi" }, "ChatGPT action (OpenAPI)"),
        h("option", { value: "mcp" }, "MCP client (Claude Code, Cursor…)")))),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "for_human", value: "true", "data-testid": "for-human" }),
      " For another person's agent: also make a link for that person, who joins the room and becomes the agent's human"),
    error,
    h("button", { type: "submit" }, "Generate invite"));
}

/**
 * The invites panel of `roomId`; `onChange` runs after a revoke. Returns `{ element, reload }`:
 * the room view reloads it when agents come and go, so claim status stays current.
 */
export function invitesPanel(roomId, onChange) {
  const table = h("tbody");
  const error = h("p", { class: "error", role: "alert" });
  const form = inviteForm(error);
  // No Idempotency-Key: the server honours it only on message sends; the button stays disabled
  // while the request is in flight, so a double click makes one key.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(form.querySelector("button[type=submit]"), async () => {
      clearErrors(form);
      const v = formValues(form);
      try {
        const body = { label: v.label.trim() || null, role: v.role, template: v.template };
        if (v.for_human) body.for_human = true;
        const invite = await api("POST", `/rooms/${roomId}/invites`, body);
        // With for_human, the agent's block and its person's link belong together: one entry, two things to copy.
        const link = invite.human_link;
        addSecret({
          kind: "invite", roomId, title: "Invite for " + (invite.label || "a new agent"), text: invite.instructions,
          keys: link ? [{ label: "Link for the agent's human", value: link.link }] : [],
        });
        form.reset();
        await load();
      } catch (e) {
        showErrors(form, serverErrors(form, e, { LIMIT_EXCEEDED: "This room has as many keys as it may: revoke an unused one first." }));
      }
    });
  });

  async function revoke(invite, button) {
    const name = invite.label || invite.agent_name || "this key";
    const ok = await confirmDialog({
      title: `Revoke ${name}?`,
      body: h("p", {}, "The key stops working at once and an agent using it is disconnected. This cannot be undone."),
      confirmLabel: "Revoke key", danger: true,
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await api("DELETE", `/rooms/${roomId}/invites/${invite.key_id}`);
        toast("Key revoked");
        await load();
        onChange();
      } catch (e) { toast(e.message); }
    });
  }

  function revokeButton(i) {
    const button = h("button", { class: "ghost small", type: "button", "aria-label": "Revoke " + (i.label || i.key_id) }, "Revoke");
    button.addEventListener("click", () => revoke(i, button));
    return button;
  }

  async function load() {
    const { invites } = await api("GET", `/rooms/${roomId}/invites`);
    table.replaceChildren(...invites.map((i) => h("tr", {},
      h("td", { class: "wrap" }, i.label || i.agent_name || (i.role === "admin" ? "Admin agent" : "Unnamed agent"), h("div", { class: "muted small" }, i.key_id)),
      h("td", {}, i.role),
      h("td", {}, i.revoked ? "revoked" : i.claimed_by ? `claimed ${formatTime(i.claimed_at)}` : "not used yet"),
      h("td", {}, i.revoked ? null : revokeButton(i)))));
  }
  load().catch((e) => { error.textContent = e.message; });

  const element = h("section", { class: "panel stack", "aria-label": "Invites" },
    h("h2", {}, "Invite an agent"), form, secretsList(roomId, { kind: "invite" }).element,
    h("h3", {}, "Keys of this room"),
    h("div", { class: "table-wrap" },
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Agent"), h("th", {}, "Role"), h("th", {}, "Status"), h("th", {}, h("span", { class: "sr-only" }, "Actions")))), table)));
  return { element, reload: () => load().catch(() => {}) };
}
