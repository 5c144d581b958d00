package dev.agentchat.model;

import java.util.Locale;

/** Who may join a room: invited keys only, or anyone holding the room key. */
public enum RoomType {
    PRIVATE, PUBLIC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoomType fromWire(String value) {
        for (RoomType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
