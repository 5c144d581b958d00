package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.AppConfig;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Role;
import dev.agentchat.service.AgentNames;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Instructions;
import dev.agentchat.service.InviteService;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/invites}: an admin issues a new invite key with its instructions. */
public final class CreateInviteHandler extends HttpHandler {
    private final AppConfig config;
    private final RoomAccess access;
    private final InviteService invites;

    public CreateInviteHandler() {
        this(Wiring.shared().config(), Wiring.shared().roomAccess(), Wiring.shared().invites());
    }

    public CreateInviteHandler(AppConfig config, RoomAccess access, InviteService invites) {
        this.config = config;
        this.access = access;
        this.invites = invites;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller caller = access.checkAdmin(request.bearer(), roomId);
        JsonBody body = request.jsonOrEmpty();
        String label = AgentNames.clean(body.optionalString("label", AgentNames.MAX_NAME_CHARS));
        String roleName = body.optionalString("role", 16);
        Role role = roleName == null ? Role.MEMBER : Role.fromWire(roleName);
        if (role == null) {
            throw Refusal.badRequest("'role' must be \"member\" or \"admin\".");
        }
        String template = Instructions.templateName(body.optionalString("template", 32));
        access.present(caller, roomId);
        InviteService.Invite invite = invites.create(roomId, label, role, template,
                PublicUrls.resolve(config, request.origin()), caller.principal());
        ObjectNode out = Json.object();
        out.put("key_id", invite.keyId());
        out.put("key", invite.key());
        out.put("label", invite.label());
        out.put("role", invite.role().wire());
        out.put("template", template);
        out.put("instructions", invite.instructions());
        return HttpResult.created(out);
    }
}
