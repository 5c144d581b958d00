package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Caller;
import dev.agentchat.service.LoopGuard;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/resume}: a human lets the agents talk again, with their whole turn budget. */
public final class ResumeRoomHandler extends HttpHandler {
    private final RoomAccess access;
    private final LoopGuard guard;

    public ResumeRoomHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().loopGuard());
    }

    public ResumeRoomHandler(RoomAccess access, LoopGuard guard) {
        this.access = access;
        this.guard = guard;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller.Human human = access.checkModerator(request.bearer(), roomId, "pause or resume the room");
        ObjectNode body = Json.object();
        body.set("guard", Views.guard(guard.resume(roomId, human.user().name())));
        return HttpResult.ok(body);
    }
}
