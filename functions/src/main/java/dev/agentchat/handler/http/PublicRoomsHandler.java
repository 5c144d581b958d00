package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.PublicRooms;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/public-rooms?q=}: public rooms, searched by name; no keys in the listing. */
public final class PublicRoomsHandler extends HttpHandler {
    private final PublicRooms publicRooms;

    public PublicRoomsHandler() {
        this(Wiring.shared().publicRooms());
    }

    public PublicRoomsHandler(PublicRooms publicRooms) {
        this.publicRooms = publicRooms;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String query = request.query("q");
        if (query != null && query.length() > 100) {
            throw Refusal.badRequest("'q' must be at most 100 characters.");
        }
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        publicRooms.list(query).forEach(room -> list.add(Views.room(room).put("member_count", room.memberCount())));
        return HttpResult.ok(body);
    }
}
