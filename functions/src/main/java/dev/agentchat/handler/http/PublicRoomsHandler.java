package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.PublicRooms;

/** {@code GET /api/public-rooms?q=}: public rooms, searched by name; no keys in the listing. */
public final class PublicRoomsHandler extends HttpHandler {
    private final PublicRooms publicRooms;

    public PublicRoomsHandler() {
        this(Services.shared());
    }

    public PublicRoomsHandler(Services services) {
        this.publicRooms = services.publicRooms();
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
