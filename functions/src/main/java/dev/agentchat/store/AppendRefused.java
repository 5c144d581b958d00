package dev.agentchat.store;

/** An event could not be appended, for a reason the caller turns into an answer. */
public final class AppendRefused extends RuntimeException {
    /** What refused the append. */
    public enum Reason {
        /** The room does not exist (any more). */
        NO_ROOM,
        /** The room-level guard (e.g. the member limit) did not hold. */
        ROOM_GUARD,
        /** One of the caller's extra transaction steps failed its condition. */
        EXTRA_STEP,
        /** Too many concurrent writers kept winning; nothing was written. */
        CONTENDED
    }

    private final Reason reason;
    private final int extraStep;

    public AppendRefused(Reason reason, int extraStep) {
        super(reason + (reason == Reason.EXTRA_STEP ? " #" + extraStep : ""), null, false, false);
        this.reason = reason;
        this.extraStep = extraStep;
    }

    public Reason reason() {
        return reason;
    }

    /** Index (among the caller's extra steps) of the step whose condition failed. */
    public int extraStep() {
        return extraStep;
    }
}
