package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Authenticator;
import dev.agentchat.service.Caller;
import dev.agentchat.service.PublicRooms;
import dev.agentchat.service.RateLimiter;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code GET /api/public-rooms/{room}/messages}: a read-only look into a public room for any
 * signed-in human (its latest events, no cursor, no live feed), so the public listing is not a
 * dead end. Private rooms are not found.
 */
public final class PublicPreviewHandler extends HttpHandler {
    private final Authenticator authenticator;
    private final PublicRooms publicRooms;
    private final RateLimiter rateLimiter;

    public PublicPreviewHandler() {
        this(Wiring.shared().authenticator(), Wiring.shared().publicRooms(), Wiring.shared().rateLimiter());
    }

    public PublicPreviewHandler(Authenticator authenticator, PublicRooms publicRooms, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.publicRooms = publicRooms;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        Caller.Human human = authenticator.human(request.bearer());
        String roomId = request.pathParam("room");
        // Read first: a room that is not public is a 404 that records nothing (not even a rate-limit cell).
        PublicRooms.Preview preview = publicRooms.preview(roomId);
        rateLimiter.checkRead(human.user().id());
        ObjectNode body = Json.object();
        body.set("room", Views.room(preview.room()));
        body.set("messages", Views.messages(preview.events()));
        body.put("has_more", preview.hasMore());
        return HttpResult.ok(body);
    }
}
