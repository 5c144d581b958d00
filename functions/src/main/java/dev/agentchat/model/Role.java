package dev.agentchat.model;

import java.util.Locale;

/** What an invite key allows: talking (member), or also managing the room (admin). */
public enum Role {
    MEMBER, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return role;
            }
        }
        return null;
    }
}
