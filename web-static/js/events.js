// The one place that knows the server's event model: REST message objects and WebSocket frames
// become the same room events, so views never look at wire shapes.
//
// A room event: { seq, type: "message" | "join" | "leave" | "system", from, fromName, senderKind,
// content, timestamp, reason, code, mentions, redacted, redactedSeq }. Fields an event type does not
// carry are undefined (reason: leaves read from a frame only; code: system notices that have one,
// e.g. "paused"; mentions: the ids a message names, [] when none or when the server does not say;
// redacted: a deleted message; redactedSeq: the message a redaction note is about).

/** A message object (REST pages, `history` in `watching`): its own `type` says which event it is. */
export function fromMessage(m) {
  return {
    seq: m.seq,
    type: m.type,
    from: m.from,
    fromName: m.from_name,
    senderKind: m.sender_kind,
    content: m.content,
    timestamp: m.timestamp,
    code: m.code,
    mentions: Array.isArray(m.mentions) ? m.mentions : [],
    redacted: m.redacted === true,
    redactedSeq: m.redacted_seq,
  };
}

/**
 * A frame of the owner's watch socket, read:
 *   { kind: "watching", events, members, hasMore }  the watch started (history, who is here, and
 *                                          whether history stopped early: the frame was full)
 *   { kind: "event", event }               something happened in the room
 *   { kind: "ping" }                       the server checks we are alive
 *   { kind: "error", code, message }       the server refused or closed the watch
 * or null for anything else (not JSON, or a frame the panel has no use for).
 * Room event frames are named differently from the events they carry (agent_joined is a join).
 */
export function fromFrame(data) {
  let f;
  try { f = JSON.parse(data); } catch { return null; }
  if (f === null || typeof f !== "object") return null;
  switch (f.type) {
    case "message":
      return { kind: "event", event: fromMessage({ ...f, type: "message" }) };
    case "agent_joined":
      return { kind: "event", event: { seq: f.seq, type: "join", from: f.agent_id, fromName: f.name, timestamp: f.timestamp } };
    case "agent_left":
      return { kind: "event", event: { seq: f.seq, type: "leave", from: f.agent_id, fromName: f.name, reason: f.reason, timestamp: f.timestamp } };
    case "system":
      return { kind: "event", event: { seq: f.seq, type: "system", content: f.content, code: f.code, redactedSeq: f.redacted_seq, timestamp: f.timestamp } };
    case "watching":
      return { kind: "watching", events: (f.history || []).map(fromMessage), members: f.members || [], hasMore: f.has_more === true };
    case "ping":
      return { kind: "ping" };
    case "error":
      return { kind: "error", code: f.code, message: f.message };
    default:
      return null;
  }
}
