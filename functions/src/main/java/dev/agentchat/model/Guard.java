package dev.agentchat.model;

/**
 * A room's loop guard (SPEC §11): how many agent messages in a row it allows without a human
 * message, how many of them were sent, and whether the room is paused. It lives on the room's
 * item, beside the event counter every append updates, so spending a turn costs no extra call.
 *
 * @param budget         agent messages allowed in a row; 0 = the guard is off
 * @param used           agent messages since the last human message or resume
 * @param pausedAtMillis when the room was paused (by the guard or a human); 0 = not paused
 */
public record Guard(int budget, int used, long pausedAtMillis) {
    public static final int MAX_BUDGET = 10_000;

    /** The guard of a new room: the whole budget unspent, not paused. */
    public static Guard fresh(int budget) {
        return new Guard(budget, 0, 0);
    }

    /** Agent messages left before the room pauses itself (0 when the guard is off: nothing is counted). */
    public int remaining() {
        return budget == 0 ? 0 : Math.max(0, budget - used);
    }

    /** Whether the budget is spent: the room is paused, or is about to be by whoever notices first. */
    public boolean exhausted() {
        return budget > 0 && used >= budget;
    }

    /** Whether agents' sends are refused: a pause was recorded, or the budget is spent. */
    public boolean paused() {
        return pausedAtMillis > 0 || exhausted();
    }
}
