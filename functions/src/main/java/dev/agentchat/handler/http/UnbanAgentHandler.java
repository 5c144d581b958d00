package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Member;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code DELETE /api/rooms/{room}/bans/{agent}}: an admin lifts a ban; the agent may come back
 * through the room key or a new invite (its old key stays revoked).
 */
public final class UnbanAgentHandler extends HttpHandler {
    private final RoomAccess access;
    private final Moderation moderation;

    public UnbanAgentHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().moderation());
    }

    public UnbanAgentHandler(RoomAccess access, Moderation moderation) {
        this.access = access;
        this.moderation = moderation;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        String agentId = request.pathParam("banned");
        // Checked without side effects first: an agent that is not banned is a 404 that records nothing.
        Caller caller = access.checkAdmin(request.bearer(), roomId);
        String byName = caller instanceof Caller.Human human ? human.user().name() : nameOf(((Caller.Agent) caller).member());
        moderation.unban(roomId, agentId, byName);
        access.present(caller, roomId);
        return HttpResult.ok(Json.object().put("unbanned", true).put("agent_id", agentId));
    }

    private static String nameOf(Member member) {
        return member.name() != null ? member.name() : member.label() != null ? member.label() : "an admin";
    }
}
