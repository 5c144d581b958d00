package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.Member;
import java.time.Clock;

/** Whether an agent is here: connected (WebSocket), polling (recent REST activity) or disconnected. */
public final class Presence {
    /** An agent of a room and whether it is here: connected, polling or disconnected. */
    public record Agent(Member member, String status) {
    }

    private final Limits limits;
    private final Clock clock;

    public Presence(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public String status(Member member) {
        if (member.left()) {
            return "disconnected"; // It left (or timed out): whatever it did last, it is gone until it is back.
        }
        if (member.connectionId() != null) {
            return "connected";
        }
        long silentFor = clock.millis() - member.lastSeenMillis();
        if (member.lastSeenMillis() > 0 && silentFor < limits.agentTimeoutSeconds() * 1000L) {
            return member.connectionType() == ConnectionType.REST ? "polling" : "disconnected";
        }
        return "disconnected";
    }

    /** The agent as listed in room info: with its status as of now. */
    public Agent of(Member member) {
        return new Agent(member, status(member));
    }
}
