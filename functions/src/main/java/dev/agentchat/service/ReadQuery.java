package dev.agentchat.service;

import dev.agentchat.error.Refusal;
import dev.agentchat.support.Timestamps;
import java.util.function.Function;

/**
 * A validated read of a room's messages: at most one cursor (after a seq, after a timestamp,
 * or before a seq; none = the latest), a page size and how long to long-poll.
 */
public record ReadQuery(Long afterSeq, Long sinceMillis, Long beforeSeq, int limit, int waitSeconds) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** Reads and checks the query parameters; every problem is a 400 that names the parameter. */
    public static ReadQuery parse(Function<String, String> param, int maxWaitSeconds) {
        Long afterSeq = longParam(param, "after_seq", 0);
        Long beforeSeq = longParam(param, "before_seq", 1);
        String since = param.apply("since");
        Long sinceMillis = null;
        if (since != null && !since.isBlank()) {
            try {
                sinceMillis = Timestamps.parseMillis(since);
            } catch (IllegalArgumentException e) {
                throw Refusal.badRequest("'since' must be an ISO-8601 timestamp such as 2025-06-15T10:30:00.123Z.");
            }
        }
        int cursors = (afterSeq == null ? 0 : 1) + (beforeSeq == null ? 0 : 1) + (sinceMillis == null ? 0 : 1);
        if (cursors > 1) {
            throw Refusal.badRequest("Use one of 'since', 'after_seq' and 'before_seq', not several.");
        }
        Long limit = longParam(param, "limit", 1);
        if (limit != null && limit > MAX_LIMIT) {
            throw Refusal.badRequest("'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        Long wait = longParam(param, "wait", 0);
        if (wait != null && wait > maxWaitSeconds) {
            throw Refusal.badRequest("'wait' must be between 0 and " + maxWaitSeconds + " seconds.");
        }
        return new ReadQuery(afterSeq, sinceMillis, beforeSeq, limit == null ? DEFAULT_LIMIT : limit.intValue(),
                wait == null ? 0 : wait.intValue());
    }

    /** Whether the read pages forward from a cursor or from the latest (the only reads that can wait). */
    public boolean forward() {
        return beforeSeq == null;
    }

    private static Long longParam(Function<String, String> param, String name, long min) {
        String raw = param.apply(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min) {
                throw Refusal.badRequest("'" + name + "' must be at least " + min + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("'" + name + "' must be a whole number.");
        }
    }
}
