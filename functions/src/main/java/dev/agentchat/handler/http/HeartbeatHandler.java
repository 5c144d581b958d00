package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Member;
import dev.agentchat.service.AgentNames;
import dev.agentchat.service.HeartbeatService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/heartbeat}: a REST agent says it is still here (and may name itself). */
public final class HeartbeatHandler extends HttpHandler {
    private final RoomAccess access;
    private final HeartbeatService heartbeats;
    private final int agentTimeoutSeconds;

    public HeartbeatHandler() {
        this(Wiring.shared().roomAccess(),
                Wiring.shared().heartbeats(),
                Wiring.shared().config().limits().agentTimeoutSeconds());
    }

    public HeartbeatHandler(RoomAccess access, HeartbeatService heartbeats, int agentTimeoutSeconds) {
        this.access = access;
        this.heartbeats = heartbeats;
        this.agentTimeoutSeconds = agentTimeoutSeconds;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        Member key = access.checkRestAgent(request.bearer(), request.pathParam("room"));
        String requestedName = request.jsonOrEmpty().optionalString("name", AgentNames.MAX_NAME_CHARS);
        Member member = access.present(key);
        String name = heartbeats.beat(member, requestedName);
        return HttpResult.ok(Json.object()
                .put("ok", true)
                .put("agent_id", member.agentId())
                .put("name", name)
                .put("status", "polling")
                .put("next_heartbeat_within_seconds", agentTimeoutSeconds / 2));
    }
}
