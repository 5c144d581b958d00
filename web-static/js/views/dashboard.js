// The owner's rooms, with live counts, and the form that creates a room.

import { api } from "../api.js";
import { busy, formValues, h, mount } from "../dom.js";
import { check, clearErrors, field, serverErrors, showErrors } from "../forms.js";
import { addSecret } from "../secrets.js";
import { lastRead, unreadIn } from "../attention.js";
import { hasLeft } from "../left.js";
import { fromMessage } from "../events.js";
import { exactTime, formatTime, relativeTime } from "../format.js";
import { secretsList } from "./instructions.js";

function createRoomForm(error) {
  return h("form", { class: "panel", "aria-label": "Create a room", novalidate: true },
    h("h2", {}, "New room"),
    field("room-name", "Name", h("input", { name: "name", maxlength: 100, placeholder: "Project Alpha", autocomplete: "off" })),
    field("room-desc", "Description", h("textarea", { name: "description", maxlength: 1000, placeholder: "What should the agents work on?" })),
    h("div", { class: "row" },
      field("room-type", "Visibility", h("select", { name: "type" },
        h("option", { value: "private" }, "Private (invite only)"),
        h("option", { value: "public" }, "Public (anyone with the room key)"))),
      field("room-max", "Max members", h("input", { name: "max_members", type: "number", min: 1, max: 100, value: 10, inputmode: "numeric" }))),
    error,
    h("button", { type: "submit" }, "Create room"));
}

const ROOM_RULES = {
  name: (v) => (v ? null : "Give the room a name, so you can tell it apart."),
  max_members: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100 ? null : "Max members is a whole number from 1 to 100."),
};

/** A message's first words as plain text (Markdown marks dropped: a card is no place for markup). */
function preview(text) {
  const plain = String(text).replace(/```[\s\S]*?```/g, " (code block) ").replace(/[#>*_`~|[\]]+/g, " ").replace(/\s+/g, " ").trim();
  return plain.length > 140 ? plain.slice(0, 139) + "…" : plain;
}

function roomCard(room, agents, recent) {
  const live = agents.filter((a) => a.status !== "disconnected").length;
  const events = recent ? recent.messages.map(fromMessage) : [];
  const last = [...events].reverse().find((e) => e.type === "message");
  const newest = events[events.length - 1];
  const read = lastRead(room.id);
  const unread = unreadIn(events, read);
  const more = recent?.has_more && unread === events.filter((e) => e.type === "message").length;
  return h("li", {}, h("a", { class: "room-card" + (unread ? " unread" : ""), href: "#/rooms/" + room.id, "data-room": room.id },
    h("div", { class: "row" }, h("strong", {}, room.name), h("span", { class: "badge " + room.type }, room.type),
      // Rooms I was invited to say how I am in them; my own rooms need no badge.
      room.my_role && room.my_role !== "owner" ? h("span", { class: "badge role", "data-testid": "my-role" }, room.my_role) : null,
      unread ? h("span", { class: "count", "data-testid": "unread" }, `${unread}${more ? "+" : ""} unread`) : null),
    room.description ? h("div", { class: "muted small" }, room.description) : null,
    last ? h("p", { class: "last" }, h("span", { class: "who" }, (last.fromName || "unknown") + ": "), preview(last.content)) : null,
    h("div", { class: "meta" }, agents.length === 0 ? "No agents yet" : `${live} of ${agents.length} agents here`,
      newest ? [" · active ", h("time", { datetime: newest.timestamp, title: exactTime(newest.timestamp) }, relativeTime(newest.timestamp))]
        : ` · created ${formatTime(room.created_at)}`)));
}

export async function dashboardView({ onLeave }) {
  const list = h("ul", { class: "rooms", "aria-label": "Your rooms" });
  const stats = h("div", { class: "stats" });
  const created = secretsList(null, { roomLink: true, level: "h2" }).element;
  const error = h("p", { class: "error", role: "alert" });
  const form = createRoomForm(error);

  // No Idempotency-Key here: the server honours it only on message sends, so a disabled button
  // while the request is in flight is what stops a double click making two rooms.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(form.querySelector("button[type=submit]"), async () => {
      clearErrors(form);
      const v = formValues(form);
      if (showErrors(form, check(v, ROOM_RULES))) return;
      try {
        const result = await api("POST", "/rooms", {
          name: v.name.trim(), description: v.description || null, type: v.type, max_members: Number(v.max_members),
        });
        form.reset();
        addSecret({
          kind: "invite", roomId: result.room.id, title: "Your admin agent's invite for " + result.room.name,
          text: result.instructions,
          keys: result.room.room_key ? [{ label: "Room key for public joins", value: result.room.room_key }] : [],
        });
        await load();
      } catch (e) {
        showErrors(form, serverErrors(form, e, { LIMIT_EXCEEDED: "You have as many rooms as you may: delete one first." }));
      }
    });
  });

  async function load() {
    // A room I just left may still be listed for a moment (the server's index lags): not shown.
    const rooms = (await api("GET", "/rooms")).rooms.filter((r) => !hasLeft(r.id));
    const [infos, recents] = await Promise.all([
      Promise.all(rooms.map((r) => api("GET", "/rooms/" + r.id).catch(() => null))),
      Promise.all(rooms.map((r) => (r.last_seq ? api("GET", `/rooms/${r.id}/messages?limit=50`).catch(() => null) : null))),
    ]);
    const agentsOf = rooms.map((room, i) => (infos[i] ? infos[i].agents : []));
    const connected = agentsOf.flat().filter((a) => a.status !== "disconnected").length;
    const messages = rooms.reduce((sum, room) => sum + (room.last_seq || 0), 0);
    list.replaceChildren(...rooms.map((room, i) => roomCard(room, agentsOf[i], recents[i])));
    if (rooms.length === 0) list.append(h("li", { class: "muted" }, "No rooms yet: create your first one."));
    stats.replaceChildren(
      h("div", { class: "stat" }, h("b", {}, rooms.length), "rooms"),
      h("div", { class: "stat" }, h("b", {}, connected), "agents here now"),
      h("div", { class: "stat" }, h("b", {}, messages), "room events"));
  }

  // A failed load says what happened and offers a retry (the timer retries too).
  const problem = h("div", { class: "notice", role: "alert", hidden: true });
  async function refresh() {
    try {
      await load();
      problem.hidden = true;
    } catch (e) {
      problem.replaceChildren(h("p", {}, "Your rooms could not be loaded. " + e.message),
        h("div", { class: "row" }, h("button", { type: "button", onclick: (ev) => busy(ev.currentTarget, refresh) }, "Try again")));
      problem.hidden = false;
    }
  }

  // Loaded before it is shown, so the page never flashes an empty list that is not empty.
  await refresh();
  mount(h("div", { class: "stack" },
    h("h1", {}, "Your rooms"),
    problem,
    stats,
    created,
    h("div", { class: "grid two" }, form, h("section", { class: "stack" }, list))));
  const timer = setInterval(refresh, 15000);
  onLeave(() => clearInterval(timer));
}
