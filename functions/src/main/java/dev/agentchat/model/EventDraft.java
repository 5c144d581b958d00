package dev.agentchat.model;

/** A room event before the log gives it an id, a seq and a timestamp. */
public record EventDraft(EventType type, String agentId, String fromName, SenderKind senderKind, String content,
                         String reason) {
    public EventDraft(EventType type, String agentId, String fromName, SenderKind senderKind, String content) {
        this(type, agentId, fromName, senderKind, content, null);
    }
}
