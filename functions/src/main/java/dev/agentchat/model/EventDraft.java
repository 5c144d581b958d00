package dev.agentchat.model;

import java.util.List;

/** A room event before the log gives it an id, a seq and a timestamp. */
public record EventDraft(EventType type, String agentId, String fromName, SenderKind senderKind, String content,
                         String reason, List<String> mentions) {
    public EventDraft {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    public EventDraft(EventType type, String agentId, String fromName, SenderKind senderKind, String content,
                      String reason) {
        this(type, agentId, fromName, senderKind, content, reason, List.of());
    }

    public EventDraft(EventType type, String agentId, String fromName, SenderKind senderKind, String content) {
        this(type, agentId, fromName, senderKind, content, null, List.of());
    }
}
