package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
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
        return HttpResult.ok(moderation.listInvites(roomId));
    }
}
