package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Authenticator;
import dev.agentchat.service.RoomService;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/rooms}: every room the signed-in human owns or belongs to, each with {@code my_role}. */
public final class ListRoomsHandler extends HttpHandler {
    private final Authenticator authenticator;
    private final RoomService rooms;

    public ListRoomsHandler() {
        this(Wiring.shared().authenticator(), Wiring.shared().rooms());
    }

    public ListRoomsHandler(Authenticator authenticator, RoomService rooms) {
        this.authenticator = authenticator;
        this.rooms = rooms;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        // The owner's dashboard also shows how busy each room is.
        rooms.listFor(authenticator.human(request.bearer()).user()).forEach(mine -> list.add(Views.room(mine.room())
                .put("my_role", mine.role().wire())
                .put("member_count", mine.room().memberCount())
                .put("last_seq", mine.room().lastSeq())));
        return HttpResult.ok(body);
    }
}
