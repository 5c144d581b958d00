package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.AuthService;
import dev.agentchat.service.Authenticator;
import dev.agentchat.support.Json;

/** {@code POST /api/auth/logout}: ends the caller's session; the token stops working at once. */
public final class LogoutHandler extends HttpHandler {
    private final Authenticator authenticator;
    private final AuthService auth;

    public LogoutHandler() {
        this(Services.shared());
    }

    public LogoutHandler(Services services) {
        this.authenticator = services.authenticator();
        this.auth = services.auth();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        auth.logout(authenticator.human(request.bearer()));
        return HttpResult.ok(Json.object().put("ok", true));
    }
}
