package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.model.Room;
import dev.agentchat.service.Caller;
import dev.agentchat.service.RateLimiter;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.RoomService;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/rooms/{room}}: the room and who is in it, for its agents and its owner. */
public final class GetRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final RoomService rooms;
    private final RateLimiter rateLimiter;

    public GetRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().rooms(), Wiring.shared().rateLimiter());
    }

    public GetRoomHandler(RoomAccess access, RoomService rooms, RateLimiter rateLimiter) {
        this.access = access;
        this.rooms = rooms;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller caller = access.viewer(request.bearer(), roomId);
        if (caller instanceof Caller.Agent agent) {
            rateLimiter.checkRead(agent.member().agentId());
        }
        // An agent's authentication read the room already (unless presence appended to it since).
        Room known = caller instanceof Caller.Agent agent ? agent.room() : null;
        RoomService.RoomInfo info = known != null ? rooms.info(known) : rooms.info(roomId);
        ArrayNode agents = Json.array();
        // The room's humans also see each webhook's state and last result (never its URL or secret).
        boolean human = caller instanceof Caller.Human;
        info.agents().forEach(a -> {
            ObjectNode agent = Views.agent(a.member(), a.status());
            if (human && a.member().webhook() != null) {
                agent.set("webhook", WebhookViews.summary(a.member().webhook()));
            }
            agents.add(agent);
        });
        ObjectNode body = Views.roomInfo(info.room(), agents);
        if (caller instanceof Caller.Agent agent) {
            body.set("you", Views.you(agent.member()));
        } else if (caller instanceof Caller.Human person) {
            // What the UI may offer this human (composer, moderation, the humans list).
            body.put("my_role", access.place(person, roomId).role().wire());
        }
        return HttpResult.ok(body);
    }
}
