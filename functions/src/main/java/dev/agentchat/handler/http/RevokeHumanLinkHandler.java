package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.HumanInvite;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code DELETE /api/rooms/{room}/human-links/{invite}}: the owner revokes a human invite link
 * by its {@code hinv_} id; whoever opens it afterwards gets 409. A used link is 409 (remove the human).
 */
public final class RevokeHumanLinkHandler extends HttpHandler {
    private final RoomAccess access;
    private final HumanService humans;

    public RevokeHumanLinkHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().humans());
    }

    public RevokeHumanLinkHandler(RoomAccess access, HumanService humans) {
        this.access = access;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        access.checkOwner(request.bearer(), roomId, "revoke the room's invite links");
        HumanInvite revoked = humans.revoke(roomId, request.pathParam("invite"));
        return HttpResult.ok(Json.object().put("revoked", true).put("invite_id", revoked.inviteId()));
    }
}
