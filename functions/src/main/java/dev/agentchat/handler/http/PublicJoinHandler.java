package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.config.AppConfig;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.AgentNames;
import dev.agentchat.service.Instructions;
import dev.agentchat.service.InviteService;
import dev.agentchat.service.PublicRooms;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.support.Json;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/join}: anyone with a public room's key gets a personal {@code ak_} key. */
public final class PublicJoinHandler extends HttpHandler {
    private final AppConfig config;
    private final PublicRooms publicRooms;

    public PublicJoinHandler() {
        this(Wiring.shared().config(), Wiring.shared().publicRooms());
    }

    public PublicJoinHandler(AppConfig config, PublicRooms publicRooms) {
        this.config = config;
        this.publicRooms = publicRooms;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        JsonBody body = request.json();
        String roomKey = body.requiredString("room_key", 128);
        String name = body.optionalString("name", AgentNames.MAX_NAME_CHARS);
        String template = Instructions.templateName(body.optionalString("template", 32));
        InviteService.Invite invite = publicRooms.join(roomId, roomKey, name, request.sourceIp(), template,
                PublicUrls.resolve(config, request.origin()));
        ObjectNode out = Json.object();
        out.put("key_id", invite.keyId());
        out.put("key", invite.key());
        out.put("name", invite.label());
        out.put("instructions", invite.instructions());
        return HttpResult.created(out);
    }
}
