package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Caller;
import dev.agentchat.service.MessageService;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/rooms/{room}/messages}: an agent (its key) or a human of the room (a session) says something. */
public final class SendMessageHandler extends HttpHandler {
    private final RoomAccess access;
    private final MessageService messages;

    public SendMessageHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().messages());
    }

    public SendMessageHandler(RoomAccess access, MessageService messages) {
        this.access = access;
        this.messages = messages;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        // Who is asking comes first (a 401 whatever the body); presence only once the body is good.
        String roomId = request.pathParam("room");
        Caller caller = access.checkViewer(request.bearer(), roomId);
        String content = request.json().rawString("content");
        String idempotencyKey = request.header("idempotency-key");
        messages.validate(content, idempotencyKey);
        MessageService.Sent sent = caller instanceof Caller.Human human
                ? messages.sendAsHuman(roomId, human.user(), content, idempotencyKey)
                : messages.send(access.present(((Caller.Agent) caller).member()), content, idempotencyKey, true);
        HttpResult result = HttpResult.created(Views.message(sent.message()));
        return sent.replayed() ? result.withHeader("Idempotent-Replayed", "true") : result;
    }
}
