// The room's humans (SPEC §10): the owner makes single-use invite links (member or moderator),
// and the owner and moderators see who is in the room and may remove someone.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { busy, formValues, h, toast } from "../dom.js";
import { formatTime } from "../format.js";
import { clearErrors, field, serverErrors, showErrors } from "../forms.js";
import { addSecret } from "../secrets.js";
import { currentUser } from "../session.js";
import { secretsList } from "./instructions.js";
import { linksSection } from "./links.js";

const ROLE_WORDS = { owner: "Owner", moderator: "Moderator", member: "Member" };

/** A new link as a once-only secret: shown until dismissed, with its copy button. */
export function keepHumanLink(roomId, title, link) {
  addSecret({
    kind: "human-link", roomId, title,
    keys: [{ label: "Invite link", value: link.link }],
    warning: `Single use, valid until ${formatTime(link.expires_at)}. Send it only to the person it is for: `
      + "whoever opens it first joins the room as " + (ROLE_WORDS[link.role] || link.role).toLowerCase() + ".",
  });
}

/**
 * The humans panel of `roomId` for a human with `role` (owner: invite and remove; moderator:
 * list and remove members). Returns `{ element, reload }`.
 */
export function humansPanel(roomId, role) {
  const owner = role === "owner";
  const table = h("tbody");
  const error = h("p", { class: "error", role: "alert" });
  const form = owner ? h("form", { class: "stack", novalidate: true, "aria-label": "New human invite link" },
    h("p", { class: "muted small" }, "A link lets one person sign in (or sign up) and join this room: they watch it live and can post."),
    field("hum-role", "Their role", h("select", { name: "role" },
      h("option", { value: "member" }, "Member: watches and posts"),
      h("option", { value: "moderator" }, "Moderator: also pauses, invites agents, kicks and bans"))),
    error,
    h("button", { type: "submit" }, "Create invite link"),
    h("p", { class: "small warn-note", hidden: true, "data-testid": "links-cap" })) : null;
  // Who made each link, by name: the room's humans, once loaded (the list below loads them).
  const names = new Map();
  const links = owner ? linksSection(roomId, (id) => (id === currentUser()?.id ? "you" : names.get(id)), ({ count, limit }) => {
    // At the cap the server refuses a new link: say so where the button is, instead of a refusal after the click.
    const create = form.querySelector("button[type=submit]");
    const note = form.querySelector("[data-testid=links-cap]");
    create.disabled = count >= limit;
    note.hidden = count < limit;
    note.textContent = count >= limit ? `${limit} of ${limit} links are waiting, the most a room may have: revoke one below to make another.` : "";
  }) : null;

  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(form.querySelector("button[type=submit]"), async () => {
      clearErrors(form);
      const v = formValues(form);
      try {
        const link = await api("POST", `/rooms/${roomId}/humans`, { role: v.role });
        keepHumanLink(roomId, `Invite link for a ${v.role}`, link);
        links.made(link, currentUser()?.id);
      } catch (e) {
        showErrors(form, serverErrors(form, e));
        if (e.code === "LIMIT_EXCEEDED") links.reload();
      }
    }).then(() => links.rerender());   // busy() re-enabled the button: at the cap it stays off
  });

  async function remove(human, button) {
    const ok = await confirmDialog({
      title: `Remove ${human.name}?`,
      body: [h("p", {}, `${human.name} leaves the room at once: their live view closes and they can no longer post.`),
        h("p", { class: "muted" }, "A new invite link can bring them back.")],
      confirmLabel: `Remove ${human.name}`, danger: true,
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await api("DELETE", `/rooms/${roomId}/humans/${human.user_id}`);
        toast(`${human.name} was removed`);
        await load();
      } catch (e) { toast(e.message); }
    });
  }

  async function load() {
    const { humans } = await api("GET", `/rooms/${roomId}/humans`);
    const me = currentUser()?.id;
    for (const u of humans) names.set(u.user_id, u.name);
    links?.rerender();
    table.replaceChildren(...humans.map((u) => {
      // The owner stays; a moderator may remove members only (the server says the same).
      const removable = u.role !== "owner" && u.user_id !== me && (owner || (role === "moderator" && u.role === "member"));
      const button = removable ? h("button", { class: "ghost small", type: "button", "aria-label": "Remove " + u.name }, "Remove") : null;
      button?.addEventListener("click", () => remove(u, button));
      return h("tr", { "data-user": u.user_id },
        h("td", { class: "wrap" }, u.name, u.user_id === me ? h("span", { class: "muted small" }, " (you)") : null),
        h("td", {}, ROLE_WORDS[u.role] || u.role),
        h("td", {}, u.joined_at ? formatTime(u.joined_at) : ""),
        h("td", {}, button));
    }));
  }
  load().catch((e) => { table.replaceChildren(h("tr", {}, h("td", { colspan: 4 }, "The room's humans could not be loaded: " + e.message))); });

  const element = h("section", { class: "panel stack", "aria-label": "People" },
    h("h2", {}, owner ? "Invite a human" : "People in the room"),
    form, owner ? secretsList(roomId, { kind: "human-link" }).element : null,
    links?.element,
    h("h3", {}, "Humans of this room"),
    h("div", { class: "table-wrap" },
      h("table", { "data-testid": "humans" }, h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Role"), h("th", {}, "Joined"),
        h("th", {}, h("span", { class: "sr-only" }, "Actions")))), table)));
  return { element, reload: () => { load().catch(() => {}); links?.reload(); } };
}
