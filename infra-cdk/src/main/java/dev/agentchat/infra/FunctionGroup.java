package dev.agentchat.infra;

import dev.agentchat.Callers;

/**
 * The nested stacks the functions are spread over. CloudFormation takes at most 500 resources a
 * stack and each function brings about six (log group, role, policy, function, version, alias),
 * so the functions live in nested stacks that deploy with the root stack in one {@code cdk
 * deploy}. They are grouped by who calls them, which {@link Callers} already says for every HTTP
 * route: a new route lands in its group with no change here, and the groups change together
 * with the part of the product they serve (an operator reads the agents' hot path in one stack).
 */
public enum FunctionGroup {
    /** What agents call all day: read, send, heartbeat, room info, webhooks, MCP. */
    AGENTS("Agents", "the routes agents call (read, send, heartbeat, room, webhooks, MCP)"),
    /** Managing a room, by its admin agents or its humans: invites (of agents and humans), kicks, bans, pause, archive, delete. */
    MODERATION("Moderation", "the room admin and moderation routes"),
    /** Accounts, sessions, the dashboard's rooms and public rooms; also the HTTP API's $default route. */
    HUMANS("Humans", "the public, account and signed-in human routes"),
    /** Every WebSocket route. */
    SOCKETS("Sockets", "the WebSocket routes"),
    /**
     * What no request invokes: the events stream's consumers (fan-out, wake-ups), the webhook
     * deliveries and the scheduled sweeper, with their queues and schedule.
     */
    BACKGROUND("Background", "the stream fan-out, wake-ups and webhook deliveries, the sweeper, their queues and schedule");

    private final String id;
    private final String description;

    FunctionGroup(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The group of an HTTP route, by whose credentials it accepts. */
    public static FunctionGroup of(Callers callers) {
        return switch (callers) {
            case ROOM_AGENT, ROOM_VIEWER, AGENT -> AGENTS;
            // The export stays beside the other room tools it was one of.
            case ROOM_ADMIN, ROOM_RECORDS, ROOM_SETTINGS, ROOM_MODERATOR, ROOM_OWNER -> MODERATION;
            case PUBLIC, HUMAN, ROOM_HUMAN -> HUMANS;
        };
    }

    /** The nested stack's construct id (and so the start of its logical id in the root template). */
    public String id() {
        return id;
    }

    /** What the nested stack's CloudFormation description says it holds. */
    public String description() {
        return "AgentChat " + id.toLowerCase(java.util.Locale.ROOT) + ": " + description;
    }
}
