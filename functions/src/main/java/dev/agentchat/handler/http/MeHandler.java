package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Authenticator;
import dev.agentchat.wiring.Wiring;

/** {@code GET /api/me}: the signed-in human. */
public final class MeHandler extends HttpHandler {
    private final Authenticator authenticator;

    public MeHandler() {
        this(Wiring.shared().authenticator());
    }

    public MeHandler(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        return HttpResult.ok(Views.user(authenticator.human(request.bearer()).user()));
    }
}
