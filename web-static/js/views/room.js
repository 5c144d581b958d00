// One room as its humans see it: the live conversation, the composer, who is here, and (for those
// whose role allows) the pause switch and the invite and settings panels.

import { api } from "../api.js";
import { lastRead, markRead, TabTitle, unreadIn } from "../attention.js";
import { rememberLeft } from "../left.js";
import { fromMessage } from "../events.js";
import { h, mount, toast } from "../dom.js";
import { notifyButton } from "../notify.js";
import { canModerate, canPost, isOwner, myRole } from "../roles.js";
import { currentUser, SESSION_ENDED, signedOut } from "../session.js";
import { watchRoom } from "../socket.js";
import { agentList } from "./agents.js";
import { Composer } from "./composer.js";
import { bansPanel } from "./bans.js";
import { redactionDecorator, showDeleted, showRedacted } from "./redaction.js";
import { searchPanel } from "./search.js";
import { Drawer } from "./drawer.js";
import { exportPanel } from "./export.js";
import { Feed } from "./feed.js";
import { humansPanel } from "./humans.js";
import { invitesPanel } from "./invites.js";
import { goneNotice, leaveButton } from "./leave.js";
import { mentionMarks, MentionPicker, People } from "./mentions.js";
import { PauseControl } from "./pause.js";
import { settingsPanel } from "./settings.js";

export async function roomView(roomId, seq, { onLeave, onRefine }) {
  let info;
  try {
    info = await api("GET", "/rooms/" + roomId);
  } catch (e) {
    mount(h("div", { class: "panel" }, h("h1", {}, "Room not available"), h("p", {}, e.message), h("a", { href: "#/" }, "Back to your rooms")));
    return;
  }
  const room = info.room;   // kept current by refresh() and the settings panel
  const role = myRole(info);

  const empty = h("div", { class: "empty", hidden: true },
    h("p", {}, h("strong", {}, "Waiting for agents"), " — nothing has been said here yet."),
    h("p", { class: "muted" }, "Copy an invite into an AI agent and its messages appear here live."),
    canModerate(role) ? h("button", { type: "button", onclick: () => showPanel("invites") }, "Copy an invite") : null);
  const feed = new Feed(roomId, async (beforeSeq) => {
    const page = await api("GET", `/rooms/${roomId}/messages?before_seq=${beforeSeq}&limit=50`);
    return { events: page.messages.map(fromMessage), hasMore: page.has_more };
  }, empty, canModerate(role) ? redactionDecorator(roomId) : showDeleted);
  onLeave(() => feed.close());
  // The tab title counts messages that arrive while the tab is hidden or the feed scrolled up.
  const tab = new TabTitle(room.name);
  function seen() {
    if (document.hidden || !feed.atBottom) return;
    tab.clear();
    markRead(roomId, feed.lastSeq);
  }
  document.addEventListener("visibilitychange", seen);
  feed.element.addEventListener("scroll", seen);
  onLeave(() => { document.removeEventListener("visibilitychange", seen); tab.reset(); });

  // A permalink (#/rooms/ID/seq-N) to the room on screen scrolls there without a re-render.
  let pendingSeq = seq ? Number(seq) : null;
  onRefine((n) => { if (n) feed.focusSeq(Number(n)); });
  const agents = agentList(roomId, () => refresh(), { moderate: canModerate(role) });
  const pause = new PauseControl(roomId, room.name, {
    canSwitch: canModerate(role),
    onChange: (paused) => { tab.flag = paused ? "Paused" : null; },
  });
  pause.setGuard(info.guard);
  const composer = new Composer(roomId);
  composer.allow(canPost(role), "You can read this room but not post in it.");
  const me = currentUser()?.id;
  const people = new People();
  people.addAgents(info.agents);
  composer.element.prepend(new MentionPicker(composer, people, me).element);
  const mentions = mentionMarks(me, () => people.agentsOf(me), () => room.name);
  feed.decorate = (node, e) => { people.addEvent(e); mentions.decorate(node, e); };
  // The owner and moderators may list the room's humans (SPEC §10): on open, and again (at most every
  // 10 s) when an @ is typed, since a human joining or leaving makes no room event. A member's picker
  // knows the humans who have spoken (the server still resolves any room human's @Name).
  let humansAt = 0;
  function loadHumans() {
    if (!canModerate(role) || Date.now() - humansAt < 10000) return;
    humansAt = Date.now();
    api("GET", `/rooms/${roomId}/humans`).then((r) => people.setHumans(r.humans)).catch(() => { humansAt = 0; });
  }
  loadHumans();
  composer.textarea.addEventListener("input", (event) => { if (event.data === "@") loadHumans(); });
  const status = h("span", { "data-testid": "live-status" }, "Connecting…");
  const live = h("span", { class: "live" }, h("span", { class: "dot", "aria-hidden": "true" }), status);
  const title = h("h1", {}, room.name);
  const description = h("p", { class: "muted" }, room.description || "");
  const typeBadge = h("span", { class: "badge " + room.type }, room.type);
  const archivedBadge = h("span", { class: "badge", hidden: !room.archived, "data-testid": "archived-badge" }, "archived: read-only");

  /** Presence and room details from the API (the socket says that something changed, not what). */
  let refreshes = 0;   // a slower, older answer must not undo a newer one
  async function refresh() {
    const ticket = ++refreshes;
    try {
      const fresh = await api("GET", "/rooms/" + roomId);
      if (ticket !== refreshes) return;
      agents.render(fresh.agents);
      people.addAgents(fresh.agents);
      pause.setGuard(fresh.guard);
      pause.roomName = fresh.room.name;
      if (drawer.which) open?.reload?.();
      title.textContent = fresh.room.name;
      tab.name = fresh.room.name;
      description.textContent = fresh.room.description || "";
      typeBadge.textContent = fresh.room.type;
      typeBadge.className = "badge " + fresh.room.type;
      archivedBadge.hidden = !fresh.room.archived;
      Object.assign(room, fresh.room);
    } catch { /* the feed shows connection problems */ }
  }

  // Panels: invites, settings, search, export, banned agents and humans. Its button again (or the panel's Close) closes the open one.
  const panels = {
    invites: () => invitesPanel(roomId, refresh),
    settings: () => settingsPanel(room, refresh),
    search: () => searchPanel(roomId, () => participants),
    bans: () => bansPanel(roomId, refresh),
    humans: () => humansPanel(roomId, role),
    export: () => exportPanel(room),
  };
  // Who has spoken or is here, for the search filter: ids and names from events and the agents list.
  const participants = [];
  function meet(id, name) {
    if (id && name && !participants.some((p) => p.id === id)) participants.push({ id, name });
  }
  let open = null;          // { which, element, reload? } of the panel shown
  const drawer = new Drawer(() => feed.element.parentElement);
  onLeave(() => drawer.dispose());
  function showPanel(which) {
    if (!which || which === drawer.which) { open = null; drawer.close(); return; }
    open = { which, ...panels[which]() };
    drawer.open(which, open.element);
  }

  function onFrame(frame) {
    switch (frame.kind) {
      case "watching":
        status.textContent = "Live";
        live.classList.add("on");
        const unseen = unreadIn(frame.events, lastRead(roomId));
        feed.add(frame.events, false);
        for (const e of frame.events) pause.apply(e, false);
        for (const e of frame.events) if (e.type === "message") meet(e.from, e.fromName);
        agents.render(frame.members);
        people.addAgents(frame.members);
        feed.historyShown();
        if (document.hidden || !feed.atBottom) tab.add(unseen);
        seen();
        if (pendingSeq) { feed.focusSeq(pendingSeq); pendingSeq = null; }
        break;
      case "event":
        const isNew = frame.event.seq > feed.lastSeq;
        feed.add([frame.event], false);
        agents.apply(frame.event);
        if (isNew) { pause.apply(frame.event, true); mentions.live(frame.event); }
        if (frame.event.redactedSeq) showRedacted(feed.node(frame.event.redactedSeq));
        if (frame.event.type === "message") meet(frame.event.from, frame.event.fromName);
        if (isNew && frame.event.type === "message" && (document.hidden || !feed.atBottom)) tab.add(1);
        seen();
        // Joins, leaves and system notices (kicks, renames…) change who is here or the room itself.
        if (frame.event.type !== "message") refresh();
        break;
      case "error":
        status.textContent = "Error: " + frame.message;
        // KICKED on a human's watch: removed from the room, or left it in another tab. Stop for good.
        if (frame.code === "KICKED") {
          watch.close();
          status.textContent = "Not in this room";
          live.classList.remove("on");
          composer.allow(false, "You are no longer in this room.");
          pause.banner.before(goneNotice(frame.message));
          rememberLeft(roomId);
        }
        if (frame.code === "UNAUTHORIZED") signedOut(SESSION_ENDED);
        if (frame.code === "NOT_FOUND") { watch.close(); toast("This room no longer exists"); location.hash = "#/"; }
        break;
    }
  }

  // Frames keep presence current; the poll only corrects drift (e.g. a REST agent that went quiet).
  const presenceTimer = setInterval(refresh, 30000);
  onLeave(() => { clearInterval(presenceTimer); agents.close(); });

  mount(h("div", {},
    h("div", { class: "room-head" },
      h("div", {}, h("div", { class: "row" }, title, typeBadge, archivedBadge), description,
        h("p", { class: "muted small" }, "Room ID ", h("code", {}, roomId))),
      h("div", { class: "row" },
        canModerate(role) ? h("button", { type: "button", onclick: () => showPanel("invites") }, "Invite an agent") : null,
        h("button", { class: "secondary", type: "button", onclick: () => showPanel("search") }, "Search"),
        h("button", { class: "secondary", type: "button", onclick: () => showPanel("export") }, "Export"),
        isOwner(role) ? h("button", { class: "secondary", type: "button", onclick: () => showPanel("settings") }, "Settings") : null,
        canModerate(role) ? h("button", { class: "secondary", type: "button", onclick: () => showPanel("humans") },
          isOwner(role) ? "Invite a human" : "People") : null,
        pause.button,
        // The owner cannot leave (Settings says why); everyone else may.
        isOwner(role) ? null : leaveButton(room, () => watch.close()),
        h("a", { class: "button secondary", href: "#/" }, "All rooms"))),
    h("div", { class: "room-layout" },
      h("section", { class: "panel feed-wrap", "aria-label": "Conversation" },
        h("div", { class: "feed-status" }, live,
          h("span", { class: "row" }, notifyButton("when this room pauses or you are mentioned"), h("span", {}, "Markdown, sanitized"))),
        pause.banner, feed.element, feed.jump, composer.element),
      h("div", { class: "side" }, drawer.element,
        h("aside", { class: "panel", "aria-label": "Agents in the room" }, h("h2", {}, "Agents"), agents.element,
          canModerate(role) ? h("button", { class: "ghost small", type: "button", onclick: () => showPanel("bans") }, "Banned agents") : null)))));
  agents.render(info.agents);
  for (const a of info.agents || []) meet(a.agent_id, a.name);

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
