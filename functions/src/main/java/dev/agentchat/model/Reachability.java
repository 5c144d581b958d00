package dev.agentchat.model;

/**
 * How a room event would reach an agent right now (SPEC §13): over its live WebSocket, by waking
 * its webhook, on its next poll (it polled recently), or not at all.
 */
public enum Reachability {
    WEBSOCKET("websocket"),
    WEBHOOK("webhook"),
    POLLING("polling"),
    NONE("none");

    private final String wire;

    Reachability(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /**
     * @param status the agent's presence status ({@code connected}, {@code polling} or {@code disconnected})
     */
    public static Reachability of(Member member, String status) {
        if (member.connectionId() != null) {
            return WEBSOCKET;
        }
        if (member.webhook() != null && member.webhook().active()) {
            return WEBHOOK;
        }
        return "polling".equals(status) ? POLLING : NONE;
    }
}
