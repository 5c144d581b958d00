package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code DELETE /api/rooms/{room}/humans/me}: a moderator or member leaves the room; the owner
 * is refused with 409 (a room keeps its owner: they delete it instead).
 */
public final class LeaveAsHumanHandler extends HttpHandler {
    private final RoomAccess access;
    private final HumanService humans;

    public LeaveAsHumanHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().humans());
    }

    public LeaveAsHumanHandler(RoomAccess access, HumanService humans) {
        this.access = access;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        RoomAccess.Place place = access.checkHuman(request.bearer(), request.pathParam("room"),
                "leave through this route (an agent leaves with POST /api/rooms/{room}/leave)");
        humans.leave(place);
        return HttpResult.ok(Json.object().put("left", true).put("user_id", place.human().user().id()));
    }
}
