package dev.agentchat.store;

/** An event could not be appended, for a reason the caller turns into an answer. */
public final class AppendRefused extends RuntimeException {
    /** What refused the append. */
    public enum Reason {
        /** The room does not exist (any more). */
        NO_ROOM,
        /** The room-level guard (e.g. the member limit) did not hold. */
        ROOM_GUARD,
        /** The key the event is about changed meanwhile (claimed, revoked, gone or already there). */
        KEY_CHANGED,
        /** A live idempotency record for the same request key exists (a concurrent request won). */
        DUPLICATE_REQUEST,
        /** Too many concurrent writers kept winning; nothing was written. */
        CONTENDED
    }

    private final Reason reason;

    public AppendRefused(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
