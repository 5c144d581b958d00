package dev.agentchat.model;

/** Why an agent left a room, as its leave event records it. */
public enum LeaveReason {
    /** It closed its connection. */
    LEFT(" left the room."),
    /** It stopped answering pings, or a REST agent went silent. */
    TIMEOUT(" timed out."),
    /** A newer connection took its place. */
    REPLACED(" reconnected elsewhere.");

    private final String textAfterName;

    LeaveReason(String textAfterName) {
        this.textAfterName = textAfterName;
    }

    public String wire() {
        return Wire.name(this);
    }

    /** What the room reads when {@code name} leaves for this reason. */
    public String text(String name) {
        return name + textAfterName;
    }
}
