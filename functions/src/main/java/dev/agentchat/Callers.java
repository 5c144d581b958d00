package dev.agentchat;

/**
 * Who may call an HTTP route: the check its handler makes before anything else. {@link Access}
 * says what a handler touches; this says whose credentials it accepts, so tests can derive
 * every refusal a route owes from the route table alone.
 */
public enum Callers {
    /** Anyone, with no credentials at all. */
    PUBLIC,
    /** A signed-in human ({@code st_} session); agent keys are refused. */
    HUMAN,
    /** An agent of the room in the path ({@code ak_} key); sessions are refused. */
    ROOM_AGENT,
    /** An agent of the room in the path, or a human of it (owner, moderator or member): who may read and post there. */
    ROOM_VIEWER,
    /** An admin agent of the room in the path, or its owner or a moderator (a member human is refused). */
    ROOM_ADMIN,
    /**
     * An admin agent of the room in the path, or any human of it (owner, moderator or member): who
     * may take the room's transcript away. A member human reads everything anyway; a member agent
     * key is refused, as it is for every room-wide tool.
     */
    ROOM_RECORDS,
    /** An admin agent of the room in the path, or its owner: who may change or delete the room (not moderators). */
    ROOM_SETTINGS,
    /**
     * A human who may moderate the room in the path: its owner or a moderator. Agent keys are
     * refused: what these routes do is meant to stop agents.
     */
    ROOM_MODERATOR,
    /** Any human of the room in the path (owner, moderator or member); agent keys are refused. */
    ROOM_HUMAN,
    /** The room's owner alone (a human): who brings other humans in. Agent keys are refused. */
    ROOM_OWNER,
    /** Any agent key, which names its room (the path names none: MCP); sessions are refused. */
    AGENT
}
