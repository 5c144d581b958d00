package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.model.User;
import dev.agentchat.service.AuthService;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/auth/signup}: creates a human account (throttled per address). */
public final class SignupHandler extends HttpHandler {
    private final AuthService auth;

    public SignupHandler() {
        this(Wiring.shared().auth());
    }

    public SignupHandler(AuthService auth) {
        this.auth = auth;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        JsonBody body = request.json();
        User user = auth.signup(body.requiredString("email", 254), body.rawStringRequired("password"),
                body.requiredString("name", 80), request.sourceIp());
        return HttpResult.created(Views.user(user));
    }
}
