package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.model.Member;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.WebhookService;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code DELETE /api/rooms/{room}/webhook}: the agent stops being woken. */
public final class DeleteWebhookHandler extends HttpHandler {
    private final RoomAccess access;
    private final WebhookService webhooks;

    public DeleteWebhookHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().webhooks());
    }

    public DeleteWebhookHandler(RoomAccess access, WebhookService webhooks) {
        this.access = access;
        this.webhooks = webhooks;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        // Checked first, marked present only once done: refusing a key with no webhook claims nothing.
        Member key = access.checkRestAgent(request.bearer(), request.pathParam("room"));
        webhooks.delete(key);
        access.present(key);
        return HttpResult.ok(Json.object().put("ok", true));
    }
}
