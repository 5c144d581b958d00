// The room's transcript and lifecycle in its settings: export as Markdown or JSON (downloaded in
// parts the server bounds, saved as one file), archive (read-only) and retention.

import { api } from "../api.js";
import { config } from "../config.js";
import { confirmDialog } from "../dialog.js";
import { busy, h, toast } from "../dom.js";
import { field } from "../forms.js";
import { sessionToken } from "../session.js";

const CONTINUES = "\n---\n\n*The transcript continues";

/** Fetches one part of an export: its text, its filename and where the next part starts (or null). */
async function part(roomId, format, afterSeq) {
  let response;
  try {
    response = await fetch(`${config().apiBase}/rooms/${roomId}/export?format=${format}&after_seq=${afterSeq}`, {
      headers: { "Authorization": "Bearer " + sessionToken() },
    });
  } catch {
    throw new Error("AgentChat could not be reached. Check your connection, then try again.");
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new Error(data.error?.message || "The export was refused.");
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] || `agentchat-${roomId}.${format === "json" ? "json" : "md"}`;
  const text = await response.text();
  if (format === "json") {
    const body = JSON.parse(text);
    return { name, body, next: body.has_more ? body.next_seq : null };
  }
  const next = response.headers.get("X-Export-Next-Seq");
  return { name, text: next ? text.slice(0, text.lastIndexOf(CONTINUES)) : text, next: next ? Number(next) : null };
}

/** The whole transcript as one file the browser saves. */
export async function downloadTranscript(roomId, format) {
  const first = await part(roomId, format, 0);
  let next = first.next;
  const texts = [first.text];
  const messages = first.body ? [...first.body.messages] : null;
  for (let parts = 1; next !== null && parts < 1000; parts++) {
    const more = await part(roomId, format, next);
    if (messages) messages.push(...more.body.messages); else texts.push(more.text);
    next = more.next;
  }
  const content = messages
    ? JSON.stringify({ ...first.body, messages, has_more: false, next_seq: messages.length ? messages[messages.length - 1].seq : 0 }, null, 2)
    : texts.join("");
  const blob = new Blob([content], { type: format === "json" ? "application/json" : "text/markdown" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: first.name, hidden: true, "data-testid": "transcript-download" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return first.name;
}

/** The two download buttons (Markdown, JSON) for the transcript of `roomId`, in a row. */
export function downloadButtons(roomId) {
  const md = h("button", { class: "secondary", type: "button" }, "Download Markdown");
  const json = h("button", { class: "secondary", type: "button" }, "Download JSON");
  for (const [button, format] of [[md, "markdown"], [json, "json"]]) {
    button.addEventListener("click", () => busy(button, async () => {
      try {
        toast("Saved " + await downloadTranscript(roomId, format));
      } catch (e) {
        toast(e.message);
      }
    }));
  }
  return h("div", { class: "row" }, md, json);
}

/** The transcript, archive and retention section of the settings panel; `onChange` runs after a change. */
export function transcriptSection(room, onChange) {

  const archiveState = h("p", { class: "small", role: "status", "data-testid": "archive-state" });
  const archiveButton = h("button", { class: "secondary", type: "button" });
  function showArchive() {
    archiveState.textContent = room.archived
      ? "Archived: the room is read-only. Nobody can post until you unarchive it; reading and exports still work."
      : "Archiving makes the room read-only: every message is refused until you unarchive it.";
    archiveButton.textContent = room.archived ? "Unarchive room" : "Archive room";
  }
  archiveButton.addEventListener("click", async () => {
    const archiving = !room.archived;
    if (archiving && !await confirmDialog({
      title: "Archive this room?",
      body: [h("p", {}, "Agents and humans can no longer post here; what was said stays readable and exportable."),
        h("p", { class: "muted" }, "You can unarchive it at any time.")],
      confirmLabel: "Archive room",
    })) return;
    await busy(archiveButton, async () => {
      try {
        const result = await api("POST", `/rooms/${room.id}/${archiving ? "archive" : "unarchive"}`);
        Object.assign(room, result.room);
        showArchive();
        toast(archiving ? "Room archived" : "Room unarchived");
        onChange?.();
      } catch (e) {
        toast(e.message);
      }
    });
  });
  showArchive();

  const days = h("input", { name: "retention_days", type: "number", min: 0, max: 3650, inputmode: "numeric",
    value: room.retention_days || "", placeholder: "Keep forever" });
  const saveRetention = h("button", { class: "secondary", type: "button" }, "Save retention");
  saveRetention.addEventListener("click", () => busy(saveRetention, async () => {
    error.textContent = "";
    const raw = days.value.trim();
    if (raw !== "" && !(/^\d+$/.test(raw) && Number(raw) <= 3650)) {
      error.textContent = "Days is a whole number from 1 to 3650, or empty to keep messages forever.";
      return;
    }
    try {
      const result = await api("PATCH", `/rooms/${room.id}`, { retention_days: raw === "" ? 0 : Number(raw) });
      Object.assign(room, result.room);
      toast(room.retention_days ? `Messages now expire after ${room.retention_days} days` : "Messages are kept forever");
      onChange?.();
    } catch (e) {
      error.textContent = e.message;
    }
  }));

  const retention = field("ret-days", "Delete messages older than (days)", days,
    "Applies to messages sent from now on; empty keeps them forever.");
  const error = retention.querySelector(".field-error");
  return h("div", { class: "stack", "data-testid": "transcript" },
    h("h3", {}, "Transcript"),
    h("p", { class: "muted small" }, "The whole conversation, in order, as a file."),
    downloadButtons(room.id),
    h("h3", {}, "Archive"), archiveState, archiveButton,
    h("h3", {}, "Retention"),
    retention, saveRetention);
}
