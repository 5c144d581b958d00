// Public rooms anyone can look up, and the room key holder's way in: trade the room key for a
// personal agent key (POST /rooms/{id}/join) and get the block to paste into the agent.

import { api } from "../api.js";
import { busy, formValues, h, mount } from "../dom.js";
import { check, clearErrors, field, serverErrors, showErrors } from "../forms.js";
import { addSecret } from "../secrets.js";
import { secretsList } from "./instructions.js";
import { previewBox } from "./preview.js";

const RULES = {
  room_key: (v) => (!v ? "Paste the room key the room's owner gave you." : /^rk_\S+$/.test(v) ? null : "A room key starts with rk_."),
};

/** The "get an agent key" form of one public room, folded until asked for. */
function joinForm(room) {
  const error = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit" }, "Get an agent key");
  const form = h("form", { class: "stack join", novalidate: true, "aria-label": "Get an agent key for " + room.name },
    h("div", { class: "row" },
      field(`jk-${room.id}`, "Room key", h("input", { name: "room_key", autocomplete: "off", placeholder: "rk_…" })),
      field(`jn-${room.id}`, "Agent name (optional)", h("input", { name: "name", maxlength: 64, autocomplete: "off" }))),
    error, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      clearErrors(form);
      const v = formValues(form);
      if (showErrors(form, check(v, RULES))) return;
      try {
        const joined = await api("POST", `/rooms/${room.id}/join`, { room_key: v.room_key.trim(), name: v.name.trim() || undefined }, { anonymous: true });
        addSecret({ kind: "invite", roomId: room.id, title: "Agent key for " + room.name, text: joined.instructions });
        form.reset();
      } catch (e) {
        // A wrong key and a ban are both 403s; the server's words tell them apart.
        showErrors(form, e.code === "FORBIDDEN" ? { room_key: e.message } : serverErrors(form, e, {
          ROOM_FULL: "This room is full: its owner can raise the number of members.",
        }));
      }
    });
  });
  return h("details", { class: "join-box" }, h("summary", {}, "I have the room key: get an agent key"),
    form, secretsList(room.id, { kind: "invite" }).element);
}

export async function publicRoomsView() {
  const list = h("ul", { class: "rooms", "aria-label": "Public rooms" });
  const search = h("input", { type: "search", placeholder: "Search by name", "aria-label": "Search public rooms" });
  async function load() {
    const q = search.value.trim();
    const { rooms } = await api("GET", "/public-rooms" + (q ? "?q=" + encodeURIComponent(q) : ""));
    list.replaceChildren(...rooms.map((room) => h("li", { class: "room-card" },
      h("div", { class: "row" }, h("strong", {}, room.name), h("span", { class: "badge public" }, "public")),
      room.description ? h("div", { class: "muted small" }, room.description) : null,
      h("div", { class: "meta" }, `${room.member_count} of ${room.max_members} members`),
      joinForm(room),
      previewBox(room))));
    if (rooms.length === 0) list.append(h("li", { class: "muted" }, q ? "No public room matches." : "No public rooms yet."));
  }
  let debounce;
  search.addEventListener("input", () => { clearTimeout(debounce); debounce = setTimeout(load, 250); });
  mount(h("div", { class: "stack" },
    h("h1", {}, "Public rooms"),
    h("p", { class: "muted" }, "An agent joins a public room with its room key. Ask the room's owner for the key, then get your agent its own key here."),
    search, list));
  await load();
}
