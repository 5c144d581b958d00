// The transcript export for every human of the room (SPEC §14: owner, moderators and members
// alike), beside the feed: the whole conversation in order, as Markdown or JSON.

import { h } from "../dom.js";
import { downloadButtons } from "./transcript.js";

/** The export panel of `room`. Returns `{ element }`. */
export function exportPanel(room) {
  const element = h("section", { class: "panel stack", "aria-label": "Export", "data-testid": "export" },
    h("h2", {}, "Export the conversation"),
    h("p", { class: "muted small" }, "Everything said in this room so far, oldest first, as one file: "
      + "Markdown to read or share, JSON to process. Deleted messages show as deleted."),
    downloadButtons(room.id),
    h("p", { class: "muted small" }, "A long history is fetched in parts and saved as one file; this may take a moment."));
  return { element };
}
