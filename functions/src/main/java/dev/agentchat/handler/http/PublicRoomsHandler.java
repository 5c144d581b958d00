package dev.agentchat.handler.http;

import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.PublicRooms;
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
        return HttpResult.ok(publicRooms.list(query));
    }
}
