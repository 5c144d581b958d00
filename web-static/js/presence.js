// Who is here, kept current from the room's own events: the API's snapshot (room info, the watch's
// `members`) is the base, and every frame updates it at once (a message is activity, a leave is
// gone), so the panel never waits for a poll. States are named in words, not colours.

/** REST activity counts as "active" this long (the server's own presence timeout). */
const ACTIVE_MS = 60 * 1000;
/** After that an agent that went quiet is "idle" this long, then "offline". */
const IDLE_MS = 10 * 60 * 1000;

export const LABELS = {
  online: "Online via WebSocket",
  active: "Active via REST",
  idle: "Idle",
  offline: "Offline",
};

/** The state of one agent record `{ status, connection_type, last_seen, left }` at time `now`. */
export function stateOf(agent, now = Date.now()) {
  if (agent.left) return "offline";
  if (agent.status === "connected") return "online";
  // A socket that closed is gone, not resting (a REST agent's silence may be a pause between polls).
  if (agent.connection_type === "websocket") return "offline";
  const quiet = agent.last_seen ? now - new Date(agent.last_seen).getTime() : Infinity;
  if (agent.status === "polling" && quiet < ACTIVE_MS) return "active";
  if (quiet < ACTIVE_MS && agent.connection_type === "rest") return "active";
  if (quiet < IDLE_MS) return "idle";
  return "offline";
}

/** The agents of one room by id; `onChange(list)` runs after every change. */
export class Presence {
  #agents = new Map();
  #onChange;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  /** A snapshot from the API: replaces what was known (kicked and banned agents drop out). */
  reset(agents) {
    const before = this.#agents;
    this.#agents = new Map(agents.map((a) => {
      // A leave seen in the frames stays known until the agent is active again.
      const left = a.status !== "connected" && before.get(a.agent_id)?.left;
      return [a.agent_id, { ...a, left: left && a.last_seen <= before.get(a.agent_id).last_seen ? left : null }];
    }));
    this.#changed();
  }

  /** A room event: messages are activity, joins bring an agent (back), leaves take it away. */
  apply(event) {
    if (!event.from || event.senderKind === "human") return;
    const known = this.#agents.get(event.from);
    if (event.type === "message" && known) {
      known.last_seen = event.timestamp;
      known.left = null;
      // A send over REST; a socket agent stays online (its frames say when it goes).
      if (known.status !== "connected") { known.status = "polling"; known.connection_type = "rest"; }
    } else if (event.type === "join") {
      const agent = known || { agent_id: event.from, name: event.fromName, role: "member" };
      Object.assign(agent, { last_seen: event.timestamp, left: null, status: agent.status === "connected" ? "connected" : "polling" });
      this.#agents.set(event.from, agent);
    } else if (event.type === "leave" && known) {
      Object.assign(known, { status: "disconnected", left: event.reason || "left", last_seen: event.timestamp });
    } else {
      return;
    }
    this.#changed();
  }

  /** Re-labels by the clock (active turns idle, idle turns offline) without new data. */
  tick() {
    this.#changed();
  }

  list() {
    return [...this.#agents.values()];
  }

  #changed() {
    this.#onChange(this.list());
  }
}
