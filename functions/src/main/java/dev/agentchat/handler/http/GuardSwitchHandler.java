package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.model.Guard;
import dev.agentchat.service.Caller;
import dev.agentchat.service.LoopGuard;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;

/** The shared shape of pause and resume: a moderator switches a room's loop guard and sees where it stands. */
abstract class GuardSwitchHandler extends HttpHandler {
    private final RoomAccess access;
    private final LoopGuard guard;

    GuardSwitchHandler(RoomAccess access, LoopGuard guard) {
        this.access = access;
        this.guard = guard;
    }

    /** Pauses or resumes the room, in the name of the human who asked. */
    abstract Guard flip(LoopGuard guard, String roomId, String byName);

    @Override
    protected final HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller.Human human = access.checkModerator(request.bearer(), roomId, "pause or resume the room").human();
        ObjectNode body = Json.object();
        body.set("guard", Views.guard(flip(guard, roomId, human.user().name())));
        return HttpResult.ok(body);
    }
}
