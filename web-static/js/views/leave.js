// Leaving a room as a human (SPEC §10): moderators and members may leave, after a confirmation,
// and land on their rooms list. The owner may not (the server refuses with 409), so the owner is
// told why, and what to do instead, rather than offered a button that can only fail.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { busy, h, toast } from "../dom.js";
import { rememberLeft } from "../left.js";

/** The "Leave room" button for a moderator or member of `room`; `beforeLeave` runs once the server let me go. */
export function leaveButton(room, beforeLeave) {
  const button = h("button", { class: "secondary", type: "button", "data-testid": "leave-room" }, "Leave room");
  button.addEventListener("click", async () => {
    const ok = await confirmDialog({
      title: `Leave ${room.name}?`,
      body: [h("p", {}, "You stop seeing this room at once and can no longer post in it."),
        h("p", { class: "muted" }, "To come back you need a new invite link from the room's owner. What you said stays in the room.")],
      confirmLabel: "Leave room", danger: true,
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await api("DELETE", `/rooms/${room.id}/humans/me`);
      } catch (e) {
        toast(e.code === "CONFLICT" ? e.message : "You could not leave the room: " + e.message);
        return;
      }
      rememberLeft(room.id);
      beforeLeave?.();
      toast(`You left ${room.name}`);
      location.hash = "#/";
    });
  });
  return button;
}

/** For the owner, in place of a Leave button: why an owner cannot leave, and what to do instead. */
export function ownerStays() {
  return h("div", { class: "stack tight", "data-testid": "owner-stays" },
    h("h3", {}, "Leaving this room"),
    h("p", { class: "muted small" }, "You own this room, so you cannot leave it: a room needs its owner to invite people, change its settings and delete it, "
      + "and it cannot be handed to someone else yet. If you are done with it, archive it (read-only) or delete it below."));
}

/** Shown in the room view once the server closed my watch because I am no longer in the room (removed, or left in another tab). */
export function goneNotice(why) {
  return h("div", { class: "notice gone", role: "alert", "data-testid": "gone-notice" },
    h("p", {}, h("strong", {}, "You are no longer in this room. "), why || ""),
    h("p", { class: "muted small" }, "What is on screen stays until you go; to come back you need a new invite link from the room's owner."),
    h("div", { class: "row" }, h("a", { class: "button secondary", href: "#/" }, "Back to your rooms")));
}
