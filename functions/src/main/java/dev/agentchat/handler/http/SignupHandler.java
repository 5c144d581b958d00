package dev.agentchat.handler.http;

import dev.agentchat.config.Services;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.model.User;
import dev.agentchat.service.AuthService;
import dev.agentchat.support.JsonBody;

/** {@code POST /api/auth/signup}: creates a human account. */
public final class SignupHandler extends HttpHandler {
    private final AuthService auth;

    public SignupHandler() {
        this(Services.shared());
    }

    public SignupHandler(Services services) {
        this.auth = services.auth();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        JsonBody body = request.json();
        User user = auth.signup(body.requiredString("email", 254), body.rawStringRequired("password"),
                body.requiredString("name", 80));
        return HttpResult.created(Views.user(user));
    }
}
