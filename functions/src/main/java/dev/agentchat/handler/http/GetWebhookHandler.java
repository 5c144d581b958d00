package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.WebhookService;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/rooms/{room}/webhook}: the agent's webhook, its state and last delivery's result. */
public final class GetWebhookHandler extends HttpHandler {
    private final RoomAccess access;
    private final WebhookService webhooks;

    public GetWebhookHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().webhooks());
    }

    public GetWebhookHandler(RoomAccess access, WebhookService webhooks) {
        this.access = access;
        this.webhooks = webhooks;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        return HttpResult.ok(WebhookViews.webhook(webhooks.get(
                access.restAgent(request.bearer(), request.pathParam("room")))));
    }
}
