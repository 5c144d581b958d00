// In-page confirmation dialogs (a modal <dialog>: Escape cancels, focus goes in and comes back),
// instead of the browser's confirm(), which blocks the page and cannot explain much.

import { h } from "./dom.js";

/**
 * Asks a yes/no question. `body` is text or nodes; `confirmLabel` names the action ("Kick Scout").
 * Resolves true only when that button is chosen.
 */
export function confirmDialog({ title, body, confirmLabel, cancelLabel = "Cancel", danger = false }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = "dlg-" + Math.random().toString(36).slice(2, 8);
    const yes = h("button", { class: danger ? "danger" : "", type: "button", value: "yes" }, confirmLabel);
    const no = h("button", { class: "secondary", type: "button", value: "no" }, cancelLabel);
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": titleId, "data-testid": "dialog" },
      h("h2", { id: titleId }, title),
      h("div", { class: "dialog-body" }, body),
      h("div", { class: "row end" }, no, yes));
    let answer = false;
    yes.addEventListener("click", () => { answer = true; dialog.close(); });
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has focus, so a stray Enter never confirms something destructive.
    (danger ? no : yes).focus();
  });
}
