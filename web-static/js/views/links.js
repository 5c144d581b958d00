// The owner's human invite links still waiting to be accepted (SPEC §10): each one is a way into
// the room, so the panel lists them (role, when, by whom, until when) with a Revoke each, and
// says plainly how many more the room may have before the server refuses a new one.
//
// The server lists links from an index that may lag a moment behind a create or a revoke, so the
// page remembers what it just made or revoked and shows that until the listing catches up.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { busy, h, toast } from "../dom.js";
import { ago, exactTime, formatTime } from "../format.js";

const ROLE_WORDS = { moderator: "Moderator", member: "Member" };

/**
 * The outstanding links of `roomId`. `nameOf(userId)` names who made a link (null: not known);
 * `onCount({ count, limit })` runs after each render, so the panel can stop offering a new link at the cap.
 * Returns `{ element, reload, made(link), rerender }`.
 */
export function linksSection(roomId, nameOf, onCount) {
  const list = h("ul", { class: "links", "aria-label": "Invite links waiting to be accepted", "data-testid": "human-links" });
  const status = h("p", { class: "small", role: "status", "data-testid": "links-status" });
  const count = h("span", { class: "badge tally", "data-testid": "links-count", hidden: true });
  let listed = null;          // the server's last answer: { links, limit }
  const made = new Map();     // invite_id -> a link this page made that the listing may not show yet
  const revoked = new Set();  // invite_ids this page revoked that the listing may still show

  function creator(link) {
    if (!link.created_by) return "an admin agent";
    return nameOf(link.created_by) || "a former owner";
  }

  function row(link) {
    const button = h("button", { class: "ghost small", type: "button", "aria-label": `Revoke the ${(ROLE_WORDS[link.role] || link.role).toLowerCase()} link made ${ago(link.created_at)}` }, "Revoke");
    button.addEventListener("click", () => revoke(link, button));
    return h("li", { class: "link", "data-invite": link.invite_id },
      h("div", { class: "line" },
        h("span", { class: "badge role" }, ROLE_WORDS[link.role] || link.role),
        link.agent_invite ? h("span", { class: "muted small" }, "with an agent's invite: its acceptor becomes that agent's human") : null),
      h("div", { class: "meta muted small" },
        h("span", { title: exactTime(link.created_at) }, "Made " + ago(link.created_at)), " by ", h("span", { class: "who" }, creator(link)),
        " · valid until ", h("span", { title: exactTime(link.expires_at) }, formatTime(link.expires_at))),
      h("div", { class: "actions" }, button));
  }

  function render() {
    if (!listed) return;
    const shown = listed.links.filter((l) => !revoked.has(l.invite_id));
    for (const link of made.values()) if (!shown.some((l) => l.invite_id === link.invite_id)) shown.push(link);
    list.replaceChildren(...shown.map(row));
    const full = shown.length >= listed.limit;
    count.hidden = false;
    count.textContent = `${shown.length} of ${listed.limit}`;
    count.classList.toggle("full", full);
    status.dataset.state = full ? "full" : "";
    status.textContent = shown.length === 0
      ? "No link is waiting: every link made so far was used, revoked or has expired."
      : full
        ? `This room has ${listed.limit} links waiting, the most it may have. Revoke one you no longer need before making another.`
        : `${listed.limit - shown.length} more may be made. Revoke the ones you no longer need: anyone holding one can still join.`;
    onCount?.({ count: shown.length, limit: listed.limit });
  }

  async function reload() {
    const answer = await api("GET", `/rooms/${roomId}/human-links`);
    listed = { links: answer.links, limit: answer.limit ?? Infinity };
    // A made link the listing shows is the server's now; one it never showed was used or revoked elsewhere meanwhile.
    for (const [id, link] of [...made]) {
      if (answer.links.some((l) => l.invite_id === id) || Date.now() - Date.parse(link.created_at) > 30000) made.delete(id);
    }
    for (const id of [...revoked]) if (!answer.links.some((l) => l.invite_id === id)) revoked.delete(id);
    render();
  }

  async function revoke(link, button) {
    const role = (ROLE_WORDS[link.role] || link.role).toLowerCase();
    const ok = await confirmDialog({
      title: "Revoke this invite link?",
      body: [h("p", {}, `Whoever has this ${role} link can no longer join the room with it.`),
        link.agent_invite ? h("p", {}, "The agent invite it came with keeps working: revoke its key under Invite an agent if that should stop too.") : null,
        h("p", { class: "muted" }, "People who already joined stay. You can make a new link at any time.")],
      confirmLabel: "Revoke link", danger: true,
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await api("DELETE", `/rooms/${roomId}/human-links/${encodeURIComponent(link.invite_id)}`);
        revoked.add(link.invite_id);
        made.delete(link.invite_id);
        toast("Link revoked: it no longer lets anyone in");
      } catch (e) {
        // 409: it was used meanwhile (the person is in the room now); 404: it is gone. Either way the list is stale.
        toast(e.message);
      }
      await reload().catch(() => render());
    });
  }

  const element = h("div", { class: "stack", "data-testid": "links-section" },
    h("h3", { class: "row" }, "Links waiting to be accepted", count),
    status, list);
  reload().catch((e) => { status.textContent = "The room's invite links could not be loaded: " + e.message; });
  return {
    element,
    reload: () => reload().catch(() => {}),
    /** A link just made (the create answer): shown at once, whatever the index says yet. */
    made(link, byUserId) {
      made.set(link.invite_id, { invite_id: link.invite_id, role: link.role, expires_at: link.expires_at,
        created_at: new Date().toISOString(), created_by: byUserId, agent_invite: false });
      render();
      reload().catch(() => {});
    },
    rerender: render,
  };
}
