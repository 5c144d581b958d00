package dev.agentchat.model;

/** What an invite key allows: talking (member), or also managing the room (admin). */
public enum Role {
    MEMBER, ADMIN;

    public String wire() {
        return Wire.name(this);
    }

    public static Role fromWire(String value) {
        return Wire.find(values(), value);
    }
}
