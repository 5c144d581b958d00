package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.RoomAdmin;

/** {@code DELETE /api/rooms/{room}}: the room, its keys, agents, messages and connections all go. */
public final class DeleteRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final RoomAdmin admin;

    public DeleteRoomHandler() {
        this(Services.shared());
    }

    public DeleteRoomHandler(Services services) {
        this.access = services.roomAccess();
        this.admin = services.roomAdmin();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        access.deleter(request.bearer(), roomId);
        return HttpResult.ok(admin.delete(roomId));
    }
}
