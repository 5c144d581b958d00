package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.RoomAdmin;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code DELETE /api/rooms/{room}}: the room, its keys, agents, messages and connections all go. */
public final class DeleteRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final RoomAdmin admin;

    public DeleteRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().roomAdmin());
    }

    public DeleteRoomHandler(RoomAccess access, RoomAdmin admin) {
        this.access = access;
        this.admin = admin;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        access.deleter(request.bearer(), roomId);
        RoomAdmin.Deletion deletion = admin.delete(roomId);
        return HttpResult.ok(Json.object()
                .put("deleted", true)
                .put("room_id", deletion.roomId())
                .put("keys", deletion.keys())
                .put("events", deletion.events())
                .put("connections", deletion.connections()));
    }
}
