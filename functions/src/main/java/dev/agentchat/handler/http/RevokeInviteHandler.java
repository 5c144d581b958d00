package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code DELETE /api/rooms/{room}/invites/{key_id}}: revokes a key; its holder is cut off at once. */
public final class RevokeInviteHandler extends HttpHandler {
    private final RoomAccess access;
    private final Moderation moderation;

    public RevokeInviteHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().moderation());
    }

    public RevokeInviteHandler(RoomAccess access, Moderation moderation) {
        this.access = access;
        this.moderation = moderation;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        String keyId = request.pathParam("key_id");
        // Checked without side effects first: an unknown key id is a 404 that records nothing.
        Caller caller = access.checkAdmin(request.bearer(), roomId);
        moderation.revoke(roomId, keyId, caller instanceof Caller.Agent agent ? agent.member() : null);
        access.present(caller, roomId);
        return HttpResult.ok(Json.object().put("revoked", true).put("key_id", keyId));
    }
}
