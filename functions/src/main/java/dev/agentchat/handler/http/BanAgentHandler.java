package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.service.Moderation;

/** {@code POST /api/rooms/{room}/agents/{agent}/ban}: removes the agent for good: no return through the public join either. */
public final class BanAgentHandler extends AgentRemovalHandler {
    public BanAgentHandler() {
        this(Services.shared());
    }

    public BanAgentHandler(Services services) {
        super(services, Moderation.Removal.BANNED, "banned");
    }
}
