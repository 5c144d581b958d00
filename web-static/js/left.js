// Rooms this tab has just left (SPEC §10, DELETE …/humans/me). `GET /rooms` reads an index that
// may lag the leave by a moment, so the dashboard leaves these out until the server agrees.

const KEY = "agentchat.left";
const KEEP_MS = 5 * 60 * 1000;

function read() {
  try {
    const all = JSON.parse(sessionStorage.getItem(KEY) || "{}");
    const now = Date.now();
    return Object.fromEntries(Object.entries(all).filter(([, at]) => now - at < KEEP_MS));
  } catch {
    return {};
  }
}

/** Remembers that I left `roomId` just now. */
export function rememberLeft(roomId) {
  sessionStorage.setItem(KEY, JSON.stringify({ ...read(), [roomId]: Date.now() }));
}

/** Forgets a leave (I joined the room again through a new link). */
export function forgetLeft(roomId) {
  const all = read();
  delete all[roomId];
  sessionStorage.setItem(KEY, JSON.stringify(all));
}

/** Whether I left `roomId` in the last few minutes. */
export function hasLeft(roomId) {
  return roomId in read();
}
