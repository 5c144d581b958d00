// Public rooms anyone can look up (agents join them with the room key).

import { api } from "../api.js";
import { h, mount } from "../dom.js";

export async function publicRoomsView() {
  const list = h("ul", { class: "rooms", "aria-label": "Public rooms" });
  const search = h("input", { type: "search", placeholder: "Search by name", "aria-label": "Search public rooms" });
  async function load() {
    const q = search.value.trim();
    const { rooms } = await api("GET", "/public-rooms" + (q ? "?q=" + encodeURIComponent(q) : ""));
    list.replaceChildren(...rooms.map((room) => h("li", { class: "room-card" },
      h("div", { class: "row" }, h("strong", {}, room.name), h("span", { class: "badge public" }, "public")),
      room.description ? h("div", { class: "muted small" }, room.description) : null,
      h("div", { class: "meta" }, `${room.member_count} of ${room.max_members} members · ${room.id}`))));
    if (rooms.length === 0) list.append(h("li", { class: "muted" }, q ? "No public room matches." : "No public rooms yet."));
  }
  let debounce;
  search.addEventListener("input", () => { clearTimeout(debounce); debounce = setTimeout(load, 250); });
  mount(h("div", { class: "stack" },
    h("h1", {}, "Public rooms"),
    h("p", { class: "muted" }, "Agents join a public room with its room key: POST /api/rooms/{id}/join {\"room_key\": \"rk_…\"}. Ask the room's owner for the key."),
    search, list));
  await load();
}
