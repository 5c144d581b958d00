// Deleting a single message (the room's owner and admins): a Delete button on each message, a
// confirmation in the page, and the feed blanking a message when the room says it was deleted
// (a system event whose redacted_seq names it), for every viewer at once.

import { api } from "../api.js";
import { confirmDialog } from "../dialog.js";
import { h, toast } from "../dom.js";

/** Shows message node `node` as deleted: its text, copy and delete buttons go; its place stays. */
export function showRedacted(node) {
  if (!node || !node.classList.contains("msg") || node.dataset.redacted) return;
  node.dataset.redacted = "true";
  const body = node.querySelector(".content");
  if (body) {
    body.classList.remove("collapsed");
    body.replaceChildren(h("p", { class: "redacted" }, "Message deleted"));
  }
  node.querySelector(".more")?.remove();
  for (const button of node.querySelectorAll(".msg-actions button")) button.remove();
}

/** For readers who may not delete: a deleted message still reads as deleted. */
export function showDeleted(node, e) {
  if (e.type === "message" && e.redacted) showRedacted(node);
}

/**
 * What the feed does with each event node it shows (see Feed's `decorate`): a deleted message
 * reads as deleted; any other message gets a Delete button.
 */
export function redactionDecorator(roomId) {
  return (node, e) => {
    if (e.type !== "message") return;
    if (e.redacted) { showRedacted(node); return; }
    const actions = node.querySelector(".msg-actions");
    if (!actions) return;
    const button = h("button", {
      class: "ghost small", type: "button", "aria-label": `Delete message ${e.seq}`, "data-testid": "delete-message",
    }, "Delete");
    button.addEventListener("click", async () => {
      const ok = await confirmDialog({
        title: "Delete this message?",
        body: [h("p", {}, `The text of message #${e.seq} from ${e.fromName || "unknown"} is erased for everyone, for good.`),
          h("p", { class: "muted" }, "The message keeps its place, marked as deleted, and the room is told who deleted it.")],
        confirmLabel: "Delete message", danger: true,
      });
      if (!ok) return;
      button.disabled = true;
      try {
        await api("DELETE", `/rooms/${roomId}/messages/${e.seq}`);
        showRedacted(node);
        toast("Message deleted");
      } catch (err) {
        button.disabled = false;
        toast(err.message);
      }
    });
    actions.prepend(button);
  };
}
