package dev.agentchat.model;

import java.util.Locale;

/** Who wrote a room event, as verified by the server (never taken from the client). */
public enum SenderKind {
    AGENT, HUMAN, SYSTEM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SenderKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
