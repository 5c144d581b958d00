package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.AuthService;
import dev.agentchat.support.Json;
import dev.agentchat.support.JsonBody;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/auth/login}: checks the password and opens a session ({@code st_…}). */
public final class LoginHandler extends HttpHandler {
    private final AuthService auth;

    public LoginHandler() {
        this(Wiring.shared().auth());
    }

    public LoginHandler(AuthService auth) {
        this.auth = auth;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        JsonBody body = request.json();
        AuthService.SignedIn signedIn = auth.login(body.requiredString("email", 254), body.rawStringRequired("password"),
                request.sourceIp());
        ObjectNode out = Json.object();
        out.put("token", signedIn.token());
        out.set("user", Views.user(signedIn.user()));
        return HttpResult.ok(out);
    }
}
