package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.AppConfig;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.HumanRole;
import dev.agentchat.model.Role;
import dev.agentchat.service.AgentNames;
import dev.agentchat.service.Caller;
import dev.agentchat.service.HumanService;
import dev.agentchat.service.Instructions;
import dev.agentchat.service.InviteService;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.support.JsonBody;
import dev.agentchat.support.Secrets;
import dev.agentchat.wiring.Wiring;

/**
 * {@code POST /api/rooms/{room}/invites}: an admin issues a new invite key with its instructions;
 * with {@code for_human}, also a human link whose acceptor becomes the agent's principal.
 */
public final class CreateInviteHandler extends HttpHandler {
    private final AppConfig config;
    private final RoomAccess access;
    private final InviteService invites;
    private final HumanService humans;

    public CreateInviteHandler() {
        this(Wiring.shared().config(), Wiring.shared().roomAccess(), Wiring.shared().invites(),
                Wiring.shared().humans());
    }

    public CreateInviteHandler(AppConfig config, RoomAccess access, InviteService invites, HumanService humans) {
        this.config = config;
        this.access = access;
        this.invites = invites;
        this.humans = humans;
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
        boolean forHuman = Boolean.TRUE.equals(body.optionalBoolean("for_human"));
        if (forHuman) {
            // Before the key is made: a key whose link could not be made would be a key for no one.
            humans.checkRoomForLink(roomId);
        }
        access.present(caller, roomId);
        // A for_human key has no principal until a human accepts its link (SPEC §10: "instead").
        InviteService.Invite invite = invites.create(roomId, label, role, template,
                PublicUrls.resolve(config, request.origin()), forHuman ? null : caller.principal());
        ObjectNode out = Json.object();
        out.put("key_id", invite.keyId());
        out.put("key", invite.key());
        out.put("label", invite.label());
        out.put("role", invite.role().wire());
        out.put("template", template);
        out.put("instructions", invite.instructions());
        if (forHuman) {
            // The human who accepts this link joins as a member and becomes this agent's principal.
            String createdBy = caller instanceof Caller.Human human ? human.user().id() : null;
            out.set("human_link", CreateHumanInviteHandler.render(humans.invite(roomId, createdBy, HumanRole.MEMBER,
                    Secrets.sha256Hex(invite.key()), PublicUrls.web(config, request.origin()))));
        }
        return HttpResult.created(out);
    }
}
