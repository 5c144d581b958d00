package dev.agentchat.handler.http;

import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/**
 * {@code POST /api/rooms/{room}/agents/{agent}/ban}: removes the agent for good: its key is
 * revoked and its name cannot return through the public join; {@code {"by_address":true}} bars
 * its address too.
 */
public final class BanAgentHandler extends AgentRemovalHandler {
    public BanAgentHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().moderation());
    }

    public BanAgentHandler(RoomAccess access, Moderation moderation) {
        super(access, moderation, Moderation.Removal.BANNED, "banned");
    }
}
