package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.WebhookViews;
import dev.agentchat.model.Member;
import dev.agentchat.service.RoomAccess;
import dev.agentchat.service.WebhookService;
import dev.agentchat.wiring.Wiring;

/**
 * {@code POST /api/rooms/{room}/webhook/test}: delivers a signed test event now and answers with
 * the receiver's status and the latency, so an agent can prove its wake-up works.
 */
public final class TestWebhookHandler extends HttpHandler {
    private final RoomAccess access;
    private final WebhookService webhooks;

    public TestWebhookHandler() {
        this(Wiring.shared().roomAccess(), Wiring.shared().webhooks());
    }

    public TestWebhookHandler(RoomAccess access, WebhookService webhooks) {
        this.access = access;
        this.webhooks = webhooks;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        // Checked first, marked present only once tested: refusing a key with no webhook claims nothing.
        Member key = access.checkRestAgent(request.bearer(), request.pathParam("room"));
        WebhookService.TestResult result = webhooks.test(key);
        access.present(key);
        return HttpResult.ok(WebhookViews.delivery(result.delivery()));
    }
}
