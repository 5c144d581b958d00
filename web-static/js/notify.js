// Browser notifications for what needs a human (a room paused, a mention): shown only where the
// reader allowed them, and only while the page is out of sight (the page itself shows the rest).
// Permission is asked from a button press only: browsers ignore (or punish) a prompt on load.

import { h, toast } from "./dom.js";

/** Whether this browser can notify at all. */
export function canNotify() {
  return typeof window.Notification === "function";
}

/** "granted", "denied" or "default" (not asked yet); "unsupported" without the API. */
export function notifyPermission() {
  return canNotify() ? window.Notification.permission : "unsupported";
}

/** Asks for permission: call from a click handler. Resolves the answer. */
export async function askToNotify() {
  if (!canNotify()) return "unsupported";
  try {
    return await window.Notification.requestPermission();
  } catch {
    return window.Notification.permission;
  }
}

/**
 * Shows a notification if allowed and the page is hidden or not focused. `tag` replaces an
 * earlier one of the same tag (one per room and reason). Clicking it brings the tab back.
 */
export function notify(title, body, tag) {
  if (notifyPermission() !== "granted") return false;
  if (!document.hidden && document.hasFocus()) return false;
  try {
    const note = new window.Notification(title, { body, tag });
    note.onclick = () => { window.focus(); note.close(); };
    return true;
  } catch {
    return false;   // some browsers allow notifications only from a service worker
  }
}

/**
 * A small button that asks for permission when pressed (hidden once the reader answered, or
 * where the browser cannot notify), with `what` saying what would be notified.
 */
export function notifyButton(what) {
  const button = h("button", { class: "ghost small", type: "button", "data-testid": "notify-button", title: "Notifies you " + what },
    "Turn on notifications");
  const update = () => { button.hidden = notifyPermission() !== "default"; };
  button.addEventListener("click", async () => {
    const answer = await askToNotify();
    update();
    toast(answer === "granted" ? "Notifications on: you are told " + what
      : "Notifications are off: your browser's site settings can turn them on");
  });
  update();
  return button;
}
