package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.AppConfig;
import dev.agentchat.error.Refusals;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.model.RoomType;
import dev.agentchat.service.Authenticator;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.service.RoomService;
import dev.agentchat.support.Json;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms}: creates a room and hands its owner the admin key and instructions. */
public final class CreateRoomHandler extends HttpHandler {
    private final AppConfig config;
    private final Authenticator authenticator;
    private final RoomService rooms;

    public CreateRoomHandler() {
        this(Wiring.shared().config(), Wiring.shared().authenticator(), Wiring.shared().rooms());
    }

    public CreateRoomHandler(AppConfig config, Authenticator authenticator, RoomService rooms) {
        this.config = config;
        this.authenticator = authenticator;
        this.rooms = rooms;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        var owner = authenticator.human(request.bearer()).user();
        JsonBody body = request.json();
        String typeName = body.optionalString("type", 16);
        RoomType type = typeName == null ? RoomType.PRIVATE : RoomType.fromWire(typeName);
        if (type == null) {
            throw Refusals.badRoomType();
        }
        RoomService.NewRoom newRoom = new RoomService.NewRoom(
                body.requiredString("name", 100),
                body.optionalString("description", 1000),
                type,
                body.optionalInt("max_members", 1, Integer.MAX_VALUE));
        RoomService.CreatedRoom created = rooms.create(owner, newRoom,
                PublicUrls.resolve(config, request.origin()));
        ObjectNode out = Json.object();
        out.set("room", Views.room(created.room(), created.roomKey()));
        out.put("admin_key", created.adminKey());
        out.put("admin_key_id", created.adminKeyId());
        out.put("instructions", created.instructions());
        return HttpResult.created(out);
    }
}
