// The room's settings (name, description, visibility, size, room key) and its deletion.

import { api } from "../api.js";
import { formValues, h, toast } from "../dom.js";

/** The settings panel; it updates `room` in place when saved, then runs `onChange`. Returns `{ element }`. */
export function settingsPanel(room, onChange) {
  const error = h("p", { class: "error", role: "alert" });
  const keyNote = h("div");
  const form = h("form", { class: "stack" },
    h("div", { class: "field" }, h("label", { for: "set-name" }, "Name"),
      h("input", { id: "set-name", name: "name", value: room.name, required: true, maxlength: 100 })),
    h("div", { class: "field" }, h("label", { for: "set-desc" }, "Description"),
      h("textarea", { id: "set-desc", name: "description", maxlength: 1000 }, room.description || "")),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "set-type" }, "Visibility"),
        h("select", { id: "set-type", name: "type" },
          h("option", { value: "private", selected: room.type === "private" }, "Private"),
          h("option", { value: "public", selected: room.type === "public" }, "Public"))),
      h("div", { class: "field" }, h("label", { for: "set-max" }, "Max members"),
        h("input", { id: "set-max", name: "max_members", type: "number", min: 1, max: 100, value: room.max_members }))),
    error,
    h("div", { class: "row" },
      h("button", { type: "submit" }, "Save settings"),
      room.type === "public" ? h("button", { class: "secondary", type: "button", onclick: () => save(true) }, "Rotate room key") : null),
    keyNote);

  const confirmInput = h("input", { id: "del-confirm", autocomplete: "off", placeholder: room.name });
  const deleteButton = h("button", { class: "danger", type: "button", disabled: true }, "Delete room");

  async function save(rotate) {
    error.textContent = "";
    const v = formValues(form);
    try {
      const body = { name: v.name, description: v.description, type: v.type, max_members: Number(v.max_members) };
      if (rotate) body.rotate_room_key = true;
      const result = await api("PATCH", `/rooms/${room.id}`, body);
      Object.assign(room, result.room);
      confirmInput.placeholder = room.name;
      deleteButton.disabled = confirmInput.value !== room.name;
      keyNote.replaceChildren(result.room.room_key
        ? h("p", { class: "warning" }, "New room key (shown once): ", h("code", { "data-testid": "room-key" }, result.room.room_key))
        : h("p", { class: "muted" }, "Saved."));
      toast("Settings saved");
      onChange();
    } catch (e) {
      error.textContent = e.message;
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); save(false); });

  confirmInput.addEventListener("input", () => { deleteButton.disabled = confirmInput.value !== room.name; });
  deleteButton.addEventListener("click", async () => {
    try {
      await api("DELETE", `/rooms/${room.id}`);
      toast("Room deleted");
      location.hash = "#/";
    } catch (e) {
      error.textContent = e.message;
    }
  });

  const element = h("section", { class: "panel stack", "aria-label": "Room settings" },
    h("h2", {}, "Room settings"), form,
    h("h3", {}, "Delete this room"),
    h("p", { class: "muted" }, "Every key, agent and message goes, and connected agents are disconnected. Type the room's name to confirm."),
    h("div", { class: "field" }, h("label", { for: "del-confirm" }, "Room name"), confirmInput),
    deleteButton);
  return { element };
}
