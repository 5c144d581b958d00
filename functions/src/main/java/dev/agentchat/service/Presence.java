package dev.agentchat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.Limits;
import dev.agentchat.model.ConnectionType;
import dev.agentchat.model.Member;
import dev.agentchat.support.Json;
import dev.agentchat.support.Timestamps;
import java.time.Clock;

/** Whether an agent is here: connected (WebSocket), polling (recent REST activity) or disconnected. */
public final class Presence {
    private final Limits limits;
    private final Clock clock;

    public Presence(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public String status(Member member) {
        if (member.connectionId() != null) {
            return "connected";
        }
        long silentFor = clock.millis() - member.lastSeenMillis();
        if (member.lastSeenMillis() > 0 && silentFor < limits.agentTimeoutSeconds() * 1000L) {
            return member.connectionType() == ConnectionType.REST ? "polling" : "disconnected";
        }
        return "disconnected";
    }

    /** The agent as listed in room info. */
    public ObjectNode view(Member member) {
        ObjectNode node = Json.object();
        node.put("agent_id", member.agentId());
        node.put("name", member.name());
        node.put("role", member.role().wire());
        node.put("status", status(member));
        node.put("connection_type", member.connectionType() == null ? null : member.connectionType().wire());
        if (member.lastSeenMillis() > 0) {
            node.put("last_seen", Timestamps.format(member.lastSeenMillis()));
        } else {
            node.putNull("last_seen");
        }
        return node;
    }
}
