package dev.agentchat.model;

/** A room event before the log gives it an id, a seq and a timestamp. */
public record EventDraft(EventType type, String agentId, String fromName, SenderKind senderKind, String content) {
}
