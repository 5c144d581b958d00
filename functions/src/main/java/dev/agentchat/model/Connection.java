package dev.agentchat.model;

/**
 * A live WebSocket connection and what it is bound to.
 *
 * @param roomId      null until the connection joins or watches a room
 * @param kind        "agent" or "watcher" once bound, else null
 * @param keyHash     the agent's key digest (agents only)
 * @param agentId     the agent's id (agents only)
 * @param lastHeardMillis when the client last showed it is alive: its pong, any other frame
 *                        (recorded at most every half sweep interval), its join, or its connect
 */
public record Connection(
        String id,
        String roomId,
        String kind,
        String keyHash,
        String agentId,
        long connectedAtMillis,
        long joinedAtMillis,
        long lastHeardMillis) {

    public static final String AGENT = "agent";
    public static final String WATCHER = "watcher";

    public boolean bound() {
        return roomId != null;
    }

    public boolean isAgent() {
        return AGENT.equals(kind);
    }
}
