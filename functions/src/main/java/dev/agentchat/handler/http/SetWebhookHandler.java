package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.model.Member;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.WebhookService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code PUT /api/rooms/{room}/webhook}: an agent sets the URL that wakes it (SPEC §13). */
public final class SetWebhookHandler extends HttpHandler {
    private static final int MAX_URL_CHARS = 2048;

    private final RoomAccess access;
    private final WebhookService webhooks;

    public SetWebhookHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().webhooks());
    }

    public SetWebhookHandler(RoomAccess access, WebhookService webhooks) {
        this.access = access;
        this.webhooks = webhooks;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        Member key = access.checkRestAgent(request.bearer(), request.pathParam("room"));
        JsonBody body = request.json();
        // Checked before the key is claimed: a refused URL changes nothing.
        WebhookService.Checked checked = webhooks.check(body.optionalString("url", MAX_URL_CHARS),
                body.optionalString("events", 16));
        Member agent = access.present(key);
        return HttpResult.ok(WebhookViews.created(webhooks.set(agent, checked)));
    }
}
