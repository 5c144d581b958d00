package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.model.Member;
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
        // Checked first, marked present only once answered: a key with no webhook (an unclaimed one
        // never has one) is refused without being claimed.
        Member key = access.checkRestAgent(request.bearer(), request.pathParam("room"));
        HttpResult result = HttpResult.ok(WebhookViews.webhook(webhooks.get(key)));
        access.present(key);
        return result;
    }
}
