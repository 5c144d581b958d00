package dev.agentchat.model;

import java.util.Locale;

/** The kinds of room event; each gets the next seq of its room. */
public enum EventType {
    MESSAGE, JOIN, LEAVE, SYSTEM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
