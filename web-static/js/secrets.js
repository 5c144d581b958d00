// Once-only secrets (invite blocks, room keys) made in this page session: kept listed until the
// owner dismisses them, and the browser warns before the page is left with one never copied.

const entries = [];          // newest first: { id, kind, roomId, title, text?, keys: [{label, value}], copied }
const listeners = new Set();
let next = 1;

function changed() {
  for (const listener of listeners) listener();
}

/**
 * Keeps a new secret; returns it. `kind` is "invite" (text holds the instruction block),
 * "room-key" or "human-link"; `warning` replaces the usual "shown only once" sentence.
 */
export function addSecret({ kind, roomId, title, text = null, keys = [], warning = null }) {
  const entry = { id: next++, kind, roomId, title, text, keys, warning, copied: false };
  entries.unshift(entry);
  changed();
  return entry;
}

export function markCopied(entry) {
  if (entry.copied) return;
  entry.copied = true;
  changed();
}

export function dismiss(entry) {
  const at = entries.indexOf(entry);
  if (at >= 0) entries.splice(at, 1);
  changed();
}

/** The secrets of `roomId` (all rooms when null), optionally of one `kind`, newest first. */
export function secretsOf(roomId, kind) {
  return entries.filter((e) => (roomId === null || e.roomId === roomId) && (!kind || e.kind === kind));
}

/** Calls `listener` after every change; returns the function that stops it. */
export function onSecretsChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Leaving (reload, closing the tab, another site) loses what was never copied: ask first.
window.addEventListener("beforeunload", (event) => {
  if (entries.some((e) => !e.copied)) {
    event.preventDefault();
    event.returnValue = "";
  }
});
