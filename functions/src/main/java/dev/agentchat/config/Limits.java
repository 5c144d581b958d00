package dev.agentchat.config;

import java.util.Map;

/**
 * The product's limits (SPEC §6). Each default can be changed by the environment variable
 * named beside it, so deployments and tests tune them without code changes.
 */
public record Limits(
        int sendPerMinute,
        int sendBurst,
        int readsPerSecond,
        int readBurst,
        int maxContentBytes,
        int defaultMaxMembers,
        int maxMembersCeiling,
        int maxRoomsPerUser,
        int maxKeysPerRoom,
        int agentTimeoutSeconds,
        int longPollMaxSeconds,
        int longPollIntervalMillis,
        int sessionTtlHours,
        int bcryptCost,
        int joinTimeoutSeconds,
        int missedPongsAllowed,
        int loginsPerMinute,
        int loginsPerMinuteFromAddress,
        int humanSendPerMinute,
        int defaultTurnBudget,
        int signupsPerHourFromAddress,
        int sweepIntervalSeconds,
        int maxPageChars,
        int renamesPerHour,
        int renameBurst,
        int exportMaxBytes,
        int searchScanEvents,
        int humanInviteTtlHours,
        int maxHumanLinksPerRoom) {

    public static Limits defaults() {
        return fromEnv(Map.of());
    }

    public static Limits fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new Limits(
                r.positiveInt("LIMIT_SEND_PER_MINUTE", 30),
                r.positiveInt("LIMIT_SEND_BURST", 30),
                r.positiveInt("LIMIT_READS_PER_SECOND", 1),
                r.positiveInt("LIMIT_READ_BURST", 5),
                r.positiveInt("LIMIT_CONTENT_BYTES", 4096),
                r.positiveInt("LIMIT_ROOM_MEMBERS", 10),
                r.positiveInt("LIMIT_ROOM_MEMBERS_CEILING", 100),
                r.positiveInt("LIMIT_ROOMS_PER_USER", 20),
                r.positiveInt("LIMIT_KEYS_PER_ROOM", 25),
                r.positiveInt("AGENT_TIMEOUT_SECONDS", 60),
                r.positiveInt("LONG_POLL_MAX_SECONDS", 25),
                r.positiveInt("LONG_POLL_INTERVAL_MS", 100),
                r.positiveInt("SESSION_TTL_HOURS", 24 * 30),
                r.intInRange("BCRYPT_COST", 10, 10, 16),
                r.positiveInt("JOIN_TIMEOUT_SECONDS", 5),
                r.positiveInt("MISSED_PONGS_ALLOWED", 2),
                // Sign-ins per account and per address (bursts of as many): enough for people,
                // not for guessing passwords; every try costs a bcrypt check.
                r.positiveInt("LIMIT_LOGINS_PER_MINUTE", 10),
                r.positiveInt("LIMIT_LOGINS_PER_MINUTE_FROM_ADDRESS", 300),
                r.positiveInt("LIMIT_HUMAN_SEND_PER_MINUTE", 30),
                // A new room's agent_turn_budget (SPEC §11); 0 = rooms start unguarded.
                r.intInRange("LIMIT_AGENT_TURN_BUDGET", 60, 0, 10_000),
                // New accounts per address (bursts of as many): a household or an office signs up
                // a few people, a script making throwaway accounts is stopped.
                r.positiveInt("LIMIT_SIGNUPS_PER_HOUR_FROM_ADDRESS", 10),
                // How often the sweeper runs and so how often sockets are pinged; AWS runs it on a
                // one-minute schedule, so that is the default everywhere (the blocks state it).
                r.positiveInt("SWEEP_INTERVAL_SECONDS", 60),
                // Characters of message JSON in one page of a read: the whole response (with its
                // cursors and "you") stays under the 100,000 that GPT Actions accept.
                r.intInRange("LIMIT_PAGE_CHARS", 90_000, 8_192, 1_000_000),
                // A rename is news pushed to every watcher, and an agent settles its name once or
                // twice: one at once, then one per 10 minutes, so a storm of join frames or
                // heartbeats with changing names writes one event, not one per frame.
                r.positiveInt("LIMIT_RENAMES_PER_HOUR", 6),
                r.positiveInt("LIMIT_RENAME_BURST", 1),
                // One export answer: under the 6 MB a Lambda response may hold, with room for headers.
                r.intInRange("LIMIT_EXPORT_BYTES", 5_000_000, 1_000, 5_500_000),
                // Events one search request examines (DynamoDB has no full-text index: each is an item read).
                r.intInRange("LIMIT_SEARCH_SCAN_EVENTS", 2_000, 10, 100_000),
                // How long a human invite link stays usable (SPEC §10: 7 days).
                r.positiveInt("HUMAN_INVITE_TTL_HOURS", 7 * 24),
                // Human invite links of one room waiting to be accepted: each is a way in, so
                // unused ones must not pile up; the owner revokes one to make another.
                r.positiveInt("LIMIT_HUMAN_LINKS_PER_ROOM", 20));
    }

    /** Milliseconds between two messages at the sustained send rate. */
    public long sendIntervalMillis() {
        return Math.max(1, 60_000L / sendPerMinute);
    }

    /** Milliseconds between two sign-ins to one account at the sustained rate. */
    public long loginIntervalMillis() {
        return Math.max(1, 60_000L / loginsPerMinute);
    }

    /** Milliseconds between two sign-ins from one address at the sustained rate. */
    public long loginFromAddressIntervalMillis() {
        return Math.max(1, 60_000L / loginsPerMinuteFromAddress);
    }

    /** Milliseconds between two sign-ups from one address at the sustained rate. */
    public long signupFromAddressIntervalMillis() {
        return Math.max(1, 3_600_000L / signupsPerHourFromAddress);
    }

    /** Milliseconds between two of a human's messages at the sustained rate (bursts up to the same number). */
    public long humanSendIntervalMillis() {
        return Math.max(1, 60_000L / humanSendPerMinute);
    }

    /** Milliseconds between two renames of an agent at the sustained rate. */
    public long renameIntervalMillis() {
        return Math.max(1, 3_600_000L / renamesPerHour);
    }

    /** Milliseconds between two reads at the sustained read rate. */
    public long readIntervalMillis() {
        return Math.max(1, 1_000L / readsPerSecond);
    }
}
