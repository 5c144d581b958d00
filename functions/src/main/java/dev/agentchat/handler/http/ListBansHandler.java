package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Ban;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Moderation;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.support.Timestamps;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/rooms/{room}/bans}: the room's banned agents and what each ban blocks, for its admins. */
public final class ListBansHandler extends HttpHandler {
    private final RoomAccess access;
    private final Moderation moderation;

    public ListBansHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().moderation());
    }

    public ListBansHandler(RoomAccess access, Moderation moderation) {
        this.access = access;
        this.moderation = moderation;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller caller = access.admin(request.bearer(), roomId);
        ArrayNode bans = Json.array();
        for (Moderation.BanInForce inForce : moderation.listBans(roomId)) {
            Ban ban = inForce.ban();
            ArrayNode blocks = Json.array();
            if (inForce.name()) {
                blocks.add("name");
            }
            // The address itself is not shown: admins need to know it is blocked, not where the agent runs.
            if (inForce.address()) {
                blocks.add("address");
            }
            ObjectNode entry = bans.addObject()
                    .put("agent_id", ban.agentId())
                    .put("name", ban.name())
                    .put("label", ban.label())
                    .put("key_id", ban.keyId())
                    .put("banned_at", ban.bannedAtMillis() > 0 ? Timestamps.format(ban.bannedAtMillis()) : null);
            entry.set("blocks", blocks);
            // Who banned it: above all with an address block (which can bar bystanders), whom to ask about it.
            if (ban.by() == null) {
                entry.putNull("banned_by");
            } else {
                entry.putObject("banned_by").put("kind", ban.by().kind().wire()).put("id", ban.by().id())
                        .put("name", ban.by().name());
            }
        }
        return HttpResult.ok(Json.object().set("bans", bans));
    }
}
