// The room's settings (name, description, visibility, size, room key) and its deletion.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { busy, formValues, h, toast } from "../dom.js";
import { check, clearErrors, field, serverErrors, showErrors } from "../forms.js";
import { addSecret } from "../secrets.js";
import { secretsList } from "./instructions.js";
import { ownerStays } from "./leave.js";
import { transcriptSection } from "./transcript.js";

const RULES = {
  name: (v) => (v ? null : "The room needs a name."),
  max_members: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100 ? null : "Max members is a whole number from 1 to 100."),
};

/** The settings panel; it updates `room` in place when saved, then runs `onChange`. Returns `{ element }`. */
export function settingsPanel(room, onChange) {
  const error = h("p", { class: "error", role: "alert" });
  const saveButton = h("button", { type: "submit" }, "Save settings");
  const rotateButton = room.type === "public"
    ? h("button", { class: "secondary", type: "button", onclick: () => rotate() }, "Rotate room key") : null;
  const form = h("form", { class: "stack", novalidate: true, "aria-label": "Settings" },
    field("set-name", "Name", h("input", { name: "name", value: room.name, maxlength: 100, autocomplete: "off" })),
    field("set-desc", "Description", h("textarea", { name: "description", maxlength: 1000 }, room.description || "")),
    h("div", { class: "row" },
      field("set-type", "Visibility", h("select", { name: "type" },
        h("option", { value: "private", selected: room.type === "private" }, "Private"),
        h("option", { value: "public", selected: room.type === "public" }, "Public"))),
      field("set-max", "Max members", h("input", { name: "max_members", type: "number", min: 1, max: 100, value: room.max_members, inputmode: "numeric" }))),
    error,
    h("div", { class: "row" }, saveButton, rotateButton),
    secretsList(room.id, { kind: "room-key" }).element);

  const confirmInput = h("input", { autocomplete: "off", placeholder: room.name });
  const deleteButton = h("button", { class: "danger", type: "button", disabled: true }, "Delete room");

  async function save(rotateKey) {
    clearErrors(form);
    const v = formValues(form);
    if (showErrors(form, check(v, RULES))) return;
    try {
      const body = { name: v.name.trim(), description: v.description, type: v.type, max_members: Number(v.max_members) };
      if (rotateKey) body.rotate_room_key = true;
      const result = await api("PATCH", `/rooms/${room.id}`, body);
      Object.assign(room, result.room);
      confirmInput.placeholder = room.name;
      deleteButton.disabled = confirmInput.value !== room.name;
      if (result.room.room_key) {
        addSecret({ kind: "room-key", roomId: room.id, title: "New room key for " + room.name,
          keys: [{ label: "Room key", value: result.room.room_key }] });
      }
      toast(rotateKey ? "Room key rotated" : "Settings saved");
      onChange();
    } catch (e) {
      showErrors(form, serverErrors(form, e));
    }
  }

  async function rotate() {
    const ok = await confirmDialog({
      title: "Rotate the room key?",
      body: [h("p", {}, "A new room key is made and the old one stops working for new joins at once."),
        h("p", { class: "muted" }, "Agents already in the room stay. Anyone you gave the old key to will need the new one.")],
      confirmLabel: "Rotate key", danger: true,
    });
    if (ok) await busy(rotateButton, () => save(true));
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); busy(saveButton, () => save(false)); });

  confirmInput.addEventListener("input", () => { deleteButton.disabled = confirmInput.value !== room.name; });
  deleteButton.addEventListener("click", () => busy(deleteButton, async () => {
    try {
      await api("DELETE", `/rooms/${room.id}`);
      toast("Room deleted");
      location.hash = "#/";
    } catch (e) {
      error.textContent = e.message;
    }
  }));

  const element = h("section", { class: "panel stack", "aria-label": "Room settings" },
    h("h2", {}, "Room settings"), form,
    transcriptSection(room, onChange),
    ownerStays(),
    h("h3", {}, "Delete this room"),
    h("p", { class: "muted" }, "Every key, agent and message goes, and connected agents are disconnected. Type the room's name to confirm."),
    field("del-confirm", "Room name", confirmInput),
    deleteButton);
  return { element };
}
