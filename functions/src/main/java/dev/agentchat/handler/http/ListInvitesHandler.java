package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Member;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/rooms/{room}/invites}: the room's keys and who claimed them (never the keys themselves). */
public final class ListInvitesHandler extends HttpHandler {
    private final RoomAccess access;
    private final Moderation moderation;

    public ListInvitesHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().moderation());
    }

    public ListInvitesHandler(RoomAccess access, Moderation moderation) {
        this.access = access;
        this.moderation = moderation;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        access.admin(request.bearer(), roomId);
        ObjectNode body = Json.object();
        ArrayNode invites = body.putArray("invites");
        for (Member m : moderation.listInvites(roomId)) {
            invites.addObject()
                    .put("key_id", m.keyId())
                    .put("label", m.label())
                    .put("role", m.role().wire())
                    .put("created_at", m.createdAt())
                    .put("claimed_by", m.agentId())
                    .put("agent_name", m.name())
                    .put("claimed_at", m.claimedAt())
                    .put("revoked", m.revoked());
        }
        return HttpResult.ok(body);
    }
}
