package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.model.Member;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.service.Caller;
import dev.agentchat.service.Redactor;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code DELETE /api/rooms/{room}/messages/{seq}}: an admin deletes one message's text for good (idempotent). */
public final class RedactMessageHandler extends HttpHandler {
    private final RoomAccess access;
    private final Redactor redactor;

    public RedactMessageHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().redactor());
    }

    public RedactMessageHandler(RoomAccess access, Redactor redactor) {
        this.access = access;
        this.redactor = redactor;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String roomId = request.pathParam("room");
        Caller caller = access.checkAdmin(request.bearer(), roomId);
        long seq = Redactor.parseSeq(request.pathParam("seq"));
        String byName = caller instanceof Caller.Human human ? human.user().name()
                : nameOf(((Caller.Agent) caller).member());
        RoomEvent redacted = redactor.redact(roomId, seq, byName);
        access.present(caller, roomId);
        return HttpResult.ok(Json.object().set("message", Views.message(redacted)));
    }

    private static String nameOf(Member member) {
        return member.name() != null ? member.name() : member.label() != null ? member.label() : "an admin";
    }
}
