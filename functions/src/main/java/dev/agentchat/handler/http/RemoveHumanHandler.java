package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.RoomHuman;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/**
 * {@code DELETE /api/rooms/{room}/humans/{user}}: the owner removes a moderator or member, a
 * moderator a member; the removed human's session is refused there at once and their watch sockets close.
 */
public final class RemoveHumanHandler extends HttpHandler {
    private final RoomAccess access;
    private final HumanService humans;

    public RemoveHumanHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().humans());
    }

    public RemoveHumanHandler(RoomAccess access, HumanService humans) {
        this.access = access;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        RoomAccess.Place place = access.checkModerator(request.bearer(), request.pathParam("room"),
                "remove humans from the room");
        RoomHuman removed = humans.remove(place.room(), place.role(), request.pathParam("user"));
        return HttpResult.ok(Json.object().put("removed", true).put("user_id", removed.userId())
                .put("role", removed.role().wire()));
    }
}
