package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.service.Moderation;

/** {@code POST /api/rooms/{room}/agents/{agent}/kick}: removes the agent (it may be invited again). */
public final class KickAgentHandler extends AgentRemovalHandler {
    public KickAgentHandler() {
        this(Services.shared());
    }

    public KickAgentHandler(Services services) {
        super(services, Moderation.Removal.KICKED, "kicked");
    }
}
