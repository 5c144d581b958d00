package dev.agentchat.model;

import java.util.Locale;

/** How an agent last talked to the room: over REST calls, or over a WebSocket. */
public enum ConnectionType {
    REST, WEBSOCKET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type stored as {@code value}; null for null or a value this version does not know. */
    public static ConnectionType fromWire(String value) {
        for (ConnectionType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
