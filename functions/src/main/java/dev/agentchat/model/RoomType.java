package dev.agentchat.model;

/** Who may join a room: invited keys only, or anyone holding the room key. */
public enum RoomType {
    PRIVATE, PUBLIC;

    public String wire() {
        return Wire.name(this);
    }

    public static RoomType fromWire(String value) {
        return Wire.find(values(), value);
    }
}
