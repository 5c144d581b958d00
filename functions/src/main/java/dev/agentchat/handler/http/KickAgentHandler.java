package dev.agentchat.handler.http;

import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/agents/{agent}/kick}: removes the agent (it may be invited again). */
public final class KickAgentHandler extends AgentRemovalHandler {
    public KickAgentHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().moderation());
    }

    public KickAgentHandler(RoomAccess access, Moderation moderation) {
        super(access, moderation, Moderation.Removal.KICKED, "kicked");
    }
}
