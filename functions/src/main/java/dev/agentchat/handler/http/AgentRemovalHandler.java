package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Ban;
import dev.agentchat.model.Member;
import dev.agentchat.model.SenderKind;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;

/** The shared shape of kick and ban: an admin removes an agent, in one of two ways (a ban takes {@code {"by_address":true}}). */
abstract class AgentRemovalHandler extends HttpHandler {
    private final RoomAccess access;
    private final Moderation moderation;
    private final Moderation.Removal removal;
    private final String outcome;

    AgentRemovalHandler(RoomAccess access, Moderation moderation, Moderation.Removal removal, String outcome) {
        this.access = access;
        this.moderation = moderation;
        this.removal = removal;
        this.outcome = outcome;
    }

    @Override
    protected final HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        String agentId = request.pathParam("agent");
        // Checked without side effects first: an unknown agent is a 404 that records nothing.
        Caller caller = access.checkAdmin(request.bearer(), roomId);
        boolean byAddress = removal == Moderation.Removal.BANNED
                && Boolean.TRUE.equals(request.jsonOrEmpty().optionalBoolean("by_address"));
        moderation.kick(roomId, agentId, removal, caller instanceof Caller.Agent agent ? agent.member() : null,
                byAddress, by(caller));
        access.present(caller, roomId);
        return HttpResult.ok(Json.object().put(outcome, true).put("agent_id", agentId));
    }

    /** Who is removing the agent, as the bans list names them (an admin key not yet used has no agent id). */
    private static Ban.By by(Caller caller) {
        if (caller instanceof Caller.Agent agent) {
            Member m = agent.member();
            return new Ban.By(SenderKind.AGENT, m.agentId() != null ? m.agentId() : m.keyId(),
                    m.name() != null ? m.name() : m.label() != null ? m.label() : m.keyId());
        }
        Caller.Human human = (Caller.Human) caller;
        return new Ban.By(SenderKind.HUMAN, human.user().id(), human.user().name());
    }
}
