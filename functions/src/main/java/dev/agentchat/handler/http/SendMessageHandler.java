package dev.agentchat.handler.http;

import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.http.ResponseHeaders;
import dev.agentchat.json.Views;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.service.Caller;
import dev.agentchat.service.MessageService;
import dev.agentchat.service.Poster;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.support.JsonBody;
import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
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
        Poster poster = access.checkPoster(request.bearer(), roomId);
        JsonBody body = request.json();
        String content = body.rawString("content");
        String idempotencyKey = idempotencyKey(request.header("idempotency-key"), body.rawString("client_id"));
        messages.validate(content, idempotencyKey);
        MessageService.Sent sent;
        if (poster instanceof RoomAccess.Place human) {
            sent = messages.sendAsHuman(human, content, idempotencyKey);
        } else {
            // The room as authentication read it (if still current) is the counter to append after.
            // A first use by this message is named by its introduction as the key is claimed.
            Caller.Agent agent = (Caller.Agent) access.present((Caller.Agent) poster, roomId, content);
            sent = messages.send(agent, content, idempotencyKey, true);
        }
        Metrics.process().sent(Metric.Transport.REST, sent.replayed());
        HttpResult result = HttpResult.created(Views.message(sent.message())
                .set("recipients", WebhookViews.recipients(sent.recipients())));
        return sent.replayed() ? result.withHeader(ResponseHeaders.IDEMPOTENT_REPLAYED, "true") : result;
    }

    /**
     * The request's idempotency key: the {@code Idempotency-Key} header or the body's
     * {@code client_id} (for clients that cannot set headers, such as GPT Actions; the WebSocket
     * takes the same field), one key space with the same 24 h semantics. Both given and different
     * is refused rather than one silently winning: a retry that sent only the other would then
     * not be recognised as the same request.
     */
    private static String idempotencyKey(String header, String clientId) {
        if (header != null && clientId != null && !header.trim().equals(clientId.trim())) {
            throw Refusal.badRequest("The Idempotency-Key header and 'client_id' differ; they are the same thing: send one.");
        }
        return header != null ? header : clientId;
    }
}
