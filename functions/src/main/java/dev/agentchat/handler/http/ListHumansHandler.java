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

/** {@code GET /api/rooms/{room}/humans}: the owner or a moderator lists the room's humans and their roles (SPEC §10). */
public final class ListHumansHandler extends HttpHandler {
    private final RoomAccess access;
    private final HumanService humans;

    public ListHumansHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().humans());
    }

    public ListHumansHandler(RoomAccess access, HumanService humans) {
        this.access = access;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        RoomAccess.Place place = access.checkModerator(request.bearer(), request.pathParam("room"),
                "list the room's humans");
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("humans");
        humans.list(place.room()).forEach(human -> list.add(Views.human(human)));
        return HttpResult.ok(out);
    }
}
