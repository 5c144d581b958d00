package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.error.Refusals;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.model.Guard;
import dev.agentchat.model.RoomType;
import dev.agentchat.service.Caller;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.RoomAdmin;
import dev.agentchat.support.Json;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code PATCH /api/rooms/{room}}: changes name, description, type or max_members (or rotates the room key). */
public final class UpdateRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final RoomAdmin admin;

    public UpdateRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().roomAdmin());
    }

    public UpdateRoomHandler(RoomAccess access, RoomAdmin admin) {
        this.access = access;
        this.admin = admin;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller caller = access.checkSettings(request.bearer(), roomId);
        JsonBody body = request.json();
        String typeName = body.optionalString("type", 16);
        RoomType type = typeName == null ? null : RoomType.fromWire(typeName);
        if (typeName != null && type == null) {
            throw Refusals.badRoomType();
        }
        String name = body.has("name") ? body.requiredString("name", 100) : null;
        Boolean rotate = body.optionalBoolean("rotate_room_key");
        Integer turnBudget = body.optionalInt("agent_turn_budget", 0, Guard.MAX_BUDGET);
        if (turnBudget != null && caller instanceof Caller.Agent) {
            // The guard is what stops agents: none of them may loosen it, not even an admin.
            throw Refusals.humansOnly("change agent_turn_budget");
        }
        RoomAdmin.Patch patch = new RoomAdmin.Patch(name, body.optionalString("description", 1000), type,
                body.optionalInt("max_members", 1, Integer.MAX_VALUE), Boolean.TRUE.equals(rotate), turnBudget,
                // 0 keeps events forever; the setting applies to events written from now on.
                body.optionalInt("retention_days", 0, RoomAdmin.MAX_RETENTION_DAYS));
        access.present(caller, roomId);
        RoomAdmin.Updated updated = admin.update(roomId, patch);
        ObjectNode out = Json.object();
        out.set("room", Views.room(updated.room(), updated.roomKey()));
        return HttpResult.ok(out);
    }
}
