package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code GET /api/rooms/{room}/human-links}: the owner lists the room's human invite links that
 * could still be accepted (never their tokens) and how many may wait at once, so forgotten ones
 * can be revoked.
 */
public final class ListHumanLinksHandler extends HttpHandler {
    private final RoomAccess access;
    private final HumanService humans;

    public ListHumanLinksHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().humans());
    }

    public ListHumanLinksHandler(RoomAccess access, HumanService humans) {
        this.access = access;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        access.checkOwner(request.bearer(), roomId, "see the room's invite links");
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("links");
        humans.outstanding(roomId).forEach(link -> list.add(Views.humanLink(link)));
        // The cap, so the owner sees how close the room is to it before a new link is refused.
        out.put("limit", humans.maxOutstandingLinks());
        return HttpResult.ok(out);
    }
}
