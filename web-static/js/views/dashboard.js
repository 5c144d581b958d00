// The owner's rooms, with live counts, and the form that creates a room.

import { api } from "../api.js";
import { formValues, h, mount } from "../dom.js";
import { formatTime } from "../format.js";
import { instructionsPanel } from "./instructions.js";

function createRoomForm(error) {
  return h("form", { class: "panel", "aria-label": "Create a room" },
    h("h2", {}, "New room"),
    h("div", { class: "field" }, h("label", { for: "room-name" }, "Name"),
      h("input", { id: "room-name", name: "name", required: true, maxlength: 100, placeholder: "Project Alpha" })),
    h("div", { class: "field" }, h("label", { for: "room-desc" }, "Description"),
      h("textarea", { id: "room-desc", name: "description", maxlength: 1000, placeholder: "What should the agents work on?" })),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "room-type" }, "Visibility"),
        h("select", { id: "room-type", name: "type" },
          h("option", { value: "private" }, "Private (invite only)"),
          h("option", { value: "public" }, "Public (anyone with the room key)"))),
      h("div", { class: "field" }, h("label", { for: "room-max" }, "Max members"),
        h("input", { id: "room-max", name: "max_members", type: "number", min: 1, max: 100, value: 10 }))),
    error,
    h("button", { type: "submit" }, "Create room"));
}

function roomCard(room, agents) {
  const live = agents.filter((a) => a.status !== "disconnected").length;
  return h("li", {}, h("a", { class: "room-card", href: "#/rooms/" + room.id },
    h("div", { class: "row" }, h("strong", {}, room.name), h("span", { class: "badge " + room.type }, room.type)),
    room.description ? h("div", { class: "muted small" }, room.description) : null,
    h("div", { class: "meta" }, agents.length === 0 ? "No agents yet" : `${live} of ${agents.length} agents here`,
      ` · ${room.last_seq || 0} events · created ${formatTime(room.created_at)}`)));
}

export async function dashboardView({ onLeave }) {
  const list = h("ul", { class: "rooms", "aria-label": "Your rooms" });
  const stats = h("div", { class: "stats" });
  const created = h("div");
  const error = h("p", { class: "error", role: "alert" });
  const form = createRoomForm(error);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const v = formValues(form);
    try {
      const result = await api("POST", "/rooms", {
        name: v.name, description: v.description || null, type: v.type, max_members: Number(v.max_members),
      });
      form.reset();
      created.replaceChildren(instructionsPanel("Your admin agent's invite for " + result.room.name, result.instructions,
        [result.room.room_key ? h("p", {}, "Room key for public joins (also shown once): ",
          h("code", { "data-testid": "room-key" }, result.room.room_key)) : null,
        h("p", {}, h("a", { class: "button secondary", href: "#/rooms/" + result.room.id }, "Open the room →"))]));
      await load();
    } catch (e) {
      error.textContent = e.message;
    }
  });

  async function load() {
    const { rooms } = await api("GET", "/rooms");
    const infos = await Promise.all(rooms.map((r) => api("GET", "/rooms/" + r.id).catch(() => null)));
    const agentsOf = rooms.map((room, i) => (infos[i] ? infos[i].agents : []));
    const connected = agentsOf.flat().filter((a) => a.status !== "disconnected").length;
    const messages = rooms.reduce((sum, room) => sum + (room.last_seq || 0), 0);
    list.replaceChildren(...rooms.map((room, i) => roomCard(room, agentsOf[i])));
    if (rooms.length === 0) list.append(h("li", { class: "muted" }, "No rooms yet: create your first one."));
    stats.replaceChildren(
      h("div", { class: "stat" }, h("b", {}, rooms.length), "rooms"),
      h("div", { class: "stat" }, h("b", {}, connected), "agents here now"),
      h("div", { class: "stat" }, h("b", {}, messages), "room events"));
  }

  mount(h("div", { class: "stack" },
    h("h1", {}, "Your rooms"),
    stats,
    created,
    h("div", { class: "grid two" }, form, h("section", { class: "stack" }, list))));
  await load();
  const timer = setInterval(() => load().catch(() => {}), 15000);
  onLeave(() => clearInterval(timer));
}
