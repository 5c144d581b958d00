package dev.agentchat.model;

/**
 * How a deleted (redacted) message is recorded, without a field of its own on {@link RoomEvent}:
 * the message keeps its place with empty content and the reason {@code redacted}; the system note
 * that tells live viewers carries the reason {@code redacted:<seq>}, shown as {@code code}
 * {@code redacted} and {@code redacted_seq}.
 */
public final class Redactions {
    /** A message event's reason once its text is gone; a system note's code when it announces that. */
    public static final String REDACTED = "redacted";
    private static final String NOTE_PREFIX = REDACTED + ":";

    private Redactions() {
    }

    /** Whether the event is a message whose text was deleted. */
    public static boolean isRedacted(RoomEvent event) {
        return event.type() == EventType.MESSAGE && REDACTED.equals(event.reason());
    }

    /** The stored reason of the system note announcing that {@code seq} was deleted. */
    public static String noteReason(long seq) {
        return NOTE_PREFIX + seq;
    }

    /** The seq a redaction note is about; null for any other event. */
    public static Long redactedSeq(RoomEvent event) {
        if (event.type() != EventType.SYSTEM || event.reason() == null || !event.reason().startsWith(NOTE_PREFIX)) {
            return null;
        }
        try {
            return Long.parseLong(event.reason().substring(NOTE_PREFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What a system event shows as its {@code code}: a redaction note says {@code redacted}, others their reason. */
    public static String code(RoomEvent event) {
        return redactedSeq(event) != null ? REDACTED : event.reason();
    }
}
