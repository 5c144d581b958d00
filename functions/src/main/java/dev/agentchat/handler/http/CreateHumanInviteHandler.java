package dev.agentchat.handler.http;

import dev.agentchat.config.AppConfig;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.model.HumanRole;
import dev.agentchat.service.Caller;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/humans}: the owner makes a single-use link that brings a human into the room. */
public final class CreateHumanInviteHandler extends HttpHandler {
    private final AppConfig config;
    private final RoomAccess access;
    private final HumanService humans;

    public CreateHumanInviteHandler() {
        this(Wiring.shared().config(), Wiring.shared().roomAccess(), Wiring.shared().humans());
    }

    public CreateHumanInviteHandler(AppConfig config, RoomAccess access, HumanService humans) {
        this.config = config;
        this.access = access;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller.Human owner = access.checkOwner(request.bearer(), roomId, "invite other humans");
        String roleName = request.jsonOrEmpty().optionalString("role", 16);
        HumanRole role = roleName == null ? HumanRole.MEMBER : HumanRole.fromWire(roleName);
        if (role == null || role == HumanRole.OWNER) {
            throw Refusal.badRequest("'role' must be \"moderator\" or \"member\".");
        }
        HumanService.Link link = humans.invite(roomId, owner.user().id(), role, null,
                PublicUrls.web(config, request.origin()));
        return HttpResult.created(render(link));
    }

    /** A new link as its maker sees it, once (also the {@code human_link} of a {@code for_human} agent invite). */
    static ObjectNode render(HumanService.Link link) {
        ObjectNode out = Json.object();
        out.put("invite_id", link.inviteId());
        out.put("link", link.link());
        out.put("token", link.token());
        out.put("role", link.role().wire());
        out.put("expires_at", link.expiresAt());
        return out;
    }
}
