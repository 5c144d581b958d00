package dev.agentchat.model;

/**
 * How an agent's name was chosen: its invite's label, the name it asked for itself, the name it
 * gave in its first message, or a fallback made from its key (the only one an introduction may replace).
 */
public enum NameSource {
    LABEL, SELF, INTRO, FALLBACK;

    public String wire() {
        return Wire.name(this);
    }

    /** The source stored as {@code value}; null for null or a value this version does not know. */
    public static NameSource fromWire(String value) {
        return Wire.find(values(), value);
    }
}
