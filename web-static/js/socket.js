// The owner's live watch of a room: one WebSocket, re-opened with backoff after a drop, resuming
// after the last event seen so nothing is missed or shown twice.

import { config } from "./config.js";
import { fromFrame } from "./events.js";
import { sessionToken } from "./session.js";

/**
 * Watches `roomId`. `afterSeq()` is asked at every (re)connect; `onFrame` gets every frame read by
 * events.fromFrame except pings (answered here); `onDrop` runs when the socket closes and a
 * reconnect is scheduled. Returns `{ close() }`, which stops for good.
 */
export function watchRoom(roomId, { afterSeq, onFrame, onDrop }) {
  let socket = null;
  let closed = false;
  let retry = 0;

  function watch(after) {
    const frame = { type: "watch", room: roomId, token: sessionToken() };
    if (after > 0) frame.after_seq = after;
    socket.send(JSON.stringify(frame));
  }

  function connect() {
    socket = new WebSocket(config().wsUrl);
    socket.addEventListener("open", () => watch(afterSeq()));
    socket.addEventListener("message", (event) => {
      const frame = fromFrame(event.data);
      if (frame === null) return;
      if (frame.kind === "ping") { socket.send(JSON.stringify({ type: "pong" })); return; }
      if (frame.kind === "watching") retry = 0;
      onFrame(frame);
      // A history cut short (one frame holds at most 128 KB) continues from its last event.
      if (frame.kind === "watching" && frame.hasMore && frame.events.length > 0) watch(frame.events[frame.events.length - 1].seq);
    });
    socket.addEventListener("close", () => {
      if (closed) return;
      onDrop();
      const delay = Math.min(10000, 500 * 2 ** retry++);
      setTimeout(() => { if (!closed) connect(); }, delay);
    });
  }

  connect();
  return {
    close() {
      closed = true;
      socket?.close();
    },
  };
}
