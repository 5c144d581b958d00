package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Authenticator;

/** {@code GET /api/me}: the signed-in human. */
public final class MeHandler extends HttpHandler {
    private final Authenticator authenticator;

    public MeHandler() {
        this(Services.shared());
    }

    public MeHandler(Services services) {
        this.authenticator = services.authenticator();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        return HttpResult.ok(Views.user(authenticator.human(request.bearer()).user()));
    }
}
