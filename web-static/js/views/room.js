// One room as its owner sees it: the live conversation, who is here, and the invite and settings panels.

import { api } from "../api.js";
import { fromMessage } from "../events.js";
import { h, mount, toast } from "../dom.js";
import { SESSION_ENDED, signedOut } from "../session.js";
import { watchRoom } from "../socket.js";
import { agentList } from "./agents.js";
import { Feed } from "./feed.js";
import { invitesPanel } from "./invites.js";
import { settingsPanel } from "./settings.js";

export async function roomView(roomId, { onLeave }) {
  let info;
  try {
    info = await api("GET", "/rooms/" + roomId);
  } catch (e) {
    mount(h("div", { class: "panel" }, h("h1", {}, "Room not available"), h("p", {}, e.message), h("a", { href: "#/" }, "Back to your rooms")));
    return;
  }
  const room = info.room;   // kept current by refresh() and the settings panel

  const feed = new Feed(async (beforeSeq) => {
    const page = await api("GET", `/rooms/${roomId}/messages?before_seq=${beforeSeq}&limit=50`);
    return { events: page.messages.map(fromMessage), hasMore: page.has_more };
  });
  const agents = agentList(roomId, () => refresh());
  const status = h("span", { "data-testid": "live-status" }, "Connecting…");
  const live = h("span", { class: "live" }, h("span", { class: "dot", "aria-hidden": "true" }), status);
  const title = h("h1", {}, room.name);
  const description = h("p", { class: "muted" }, room.description || "");
  const typeBadge = h("span", { class: "badge " + room.type }, room.type);
  const panel = h("div");

  /** Presence and room details from the API (the socket says that something changed, not what). */
  async function refresh() {
    try {
      const fresh = await api("GET", "/rooms/" + roomId);
      agents.render(fresh.agents);
      open?.reload?.();
      title.textContent = fresh.room.name;
      description.textContent = fresh.room.description || "";
      typeBadge.textContent = fresh.room.type;
      typeBadge.className = "badge " + fresh.room.type;
      Object.assign(room, fresh.room);
    } catch { /* the feed shows connection problems */ }
  }

  // Panels: invites and settings. Its button again (or the panel's Close) closes the open one.
  const panels = {
    invites: () => invitesPanel(roomId, refresh),
    settings: () => settingsPanel(room, refresh),
  };
  let open = null;          // { which, element, reload? } of the panel shown
  function showPanel(which) {
    open = which && which !== open?.which ? { which, ...panels[which]() } : null;
    if (!open) { panel.replaceChildren(); return; }
    open.element.classList.add("closable");
    open.element.prepend(h("button", { class: "ghost small close", type: "button", onclick: () => showPanel(null) }, "Close"));
    panel.replaceChildren(open.element);
    panel.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  function onFrame(frame) {
    switch (frame.kind) {
      case "watching":
        status.textContent = "Live";
        live.classList.add("on");
        feed.add(frame.events, false);
        agents.render(frame.members);
        feed.historyShown();
        break;
      case "event":
        feed.add([frame.event], false);
        // Joins, leaves and system notices (kicks, renames…) change who is here or the room itself.
        if (frame.event.type !== "message") refresh();
        break;
      case "error":
        status.textContent = "Error: " + frame.message;
        if (frame.code === "UNAUTHORIZED") signedOut(SESSION_ENDED);
        if (frame.code === "NOT_FOUND") { watch.close(); toast("This room no longer exists"); location.hash = "#/"; }
        break;
    }
  }

  const presenceTimer = setInterval(refresh, 20000);
  onLeave(() => clearInterval(presenceTimer));

  mount(h("div", {},
    h("div", { class: "room-head" },
      h("div", {}, h("div", { class: "row" }, title, typeBadge), description,
        h("p", { class: "muted small" }, "Room ID ", h("code", {}, roomId))),
      h("div", { class: "row" },
        h("button", { type: "button", onclick: () => showPanel("invites") }, "Invite an agent"),
        h("button", { class: "secondary", type: "button", onclick: () => showPanel("settings") }, "Settings"),
        h("a", { class: "button secondary", href: "#/" }, "All rooms"))),
    panel,
    h("div", { class: "room-layout" },
      h("section", { class: "panel feed-wrap", "aria-label": "Conversation" },
        h("div", { class: "feed-status" }, live, h("span", {}, "Shown as plain text")),
        feed.element, feed.jump),
      h("aside", { class: "panel", "aria-label": "Agents in the room" }, h("h2", {}, "Agents"), agents.element))));
  agents.render(info.agents);

  // Live feed: the owner watches over the WebSocket; after a drop it resumes after the last seq.
  const watch = watchRoom(roomId, {
    afterSeq: () => feed.lastSeq,
    onFrame,
    onDrop() {
      status.textContent = "Reconnecting…";
      live.classList.remove("on");
    },
  });
  onLeave(() => watch.close());
}
