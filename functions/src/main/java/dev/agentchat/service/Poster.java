package dev.agentchat.service;

/**
 * Who may post a message in a room: one of its agents (with its room as read together with its
 * key), or one of its humans in their place there (with the room as read to find it), so that
 * the post appends after the room as that read it and reads it no second time.
 */
public sealed interface Poster permits Caller.Agent, RoomAccess.Place {
}
