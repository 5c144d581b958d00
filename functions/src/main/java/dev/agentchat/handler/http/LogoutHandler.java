package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.AuthService;
import dev.agentchat.service.Authenticator;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/auth/logout}: ends the caller's session; the token stops working at once. */
public final class LogoutHandler extends HttpHandler {
    private final Authenticator authenticator;
    private final AuthService auth;

    public LogoutHandler() {
        this(Wiring.shared().authenticator(), Wiring.shared().auth());
    }

    public LogoutHandler(Authenticator authenticator, AuthService auth) {
        this.authenticator = authenticator;
        this.auth = auth;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        auth.logout(authenticator.human(request.bearer()));
        return HttpResult.ok(Json.object().put("ok", true));
    }
}
