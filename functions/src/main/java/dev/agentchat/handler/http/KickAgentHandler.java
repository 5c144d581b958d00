package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Json;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;

/** {@code POST /api/rooms/{room}/agents/{agent}/kick}: removes the agent (it may be invited again). */
public final class KickAgentHandler extends HttpHandler {
    private final RoomAccess access;
    private final Moderation moderation;

    public KickAgentHandler() {
        this(Services.shared());
    }

    public KickAgentHandler(Services services) {
        this.access = services.roomAccess();
        this.moderation = services.moderation();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        String agentId = request.pathParam("agent");
        Caller caller = access.admin(request.bearer(), roomId);
        moderation.kick(roomId, agentId, Moderation.Removal.KICKED,
                caller instanceof Caller.Agent agent ? agent.member() : null);
        return HttpResult.ok(Json.object().put("kicked", true).put("agent_id", agentId));
    }
}
