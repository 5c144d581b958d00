package dev.agentchat.model;

/** How an agent last talked to the room: over REST calls, or over a WebSocket. */
public enum ConnectionType {
    REST, WEBSOCKET;

    public String wire() {
        return Wire.name(this);
    }

    /** The type stored as {@code value}; null for null or a value this version does not know. */
    public static ConnectionType fromWire(String value) {
        return Wire.find(values(), value);
    }
}
