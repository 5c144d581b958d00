package dev.agentchat.model;

/**
 * What a human may do in a room (SPEC §10): the owner everything; a moderator post, pause and
 * resume, invite agents, kick, ban and revoke; a member watch and post.
 */
public enum HumanRole {
    OWNER, MODERATOR, MEMBER;

    public String wire() {
        return Wire.name(this);
    }

    public static HumanRole fromWire(String value) {
        return Wire.find(values(), value);
    }

    /** Whether this human may moderate the room's agents (pause, resume, invite agents, kick, ban, revoke). */
    public boolean moderates() {
        return this != MEMBER;
    }
}
