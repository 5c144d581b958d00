package dev.agentchat.model;

/**
 * A send token the agent's limit granted, for the message's own transaction to spend on the key's
 * GCRA cell ({@code send_tat}).
 *
 * @param nowMillis      the moment the limit was decided
 * @param intervalMillis what one message adds to the cell
 * @param latestTatMillis the highest stored cell at which a message is still allowed
 *                       ({@code now} + the burst's tolerance)
 */
public record SendToken(long nowMillis, long intervalMillis, long latestTatMillis) {
}
