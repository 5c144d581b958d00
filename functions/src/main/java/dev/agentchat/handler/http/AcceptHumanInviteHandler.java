package dev.agentchat.handler.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.json.Views;
import dev.agentchat.service.Authenticator;
import dev.agentchat.service.Caller;
import dev.agentchat.service.HumanService;
import dev.agentchat.support.Json;
import dev.agentchat.wiring.Wiring;

/** {@code POST /api/humans/accept}: a signed-in human accepts a link and becomes a human of its room. */
public final class AcceptHumanInviteHandler extends HttpHandler {
    private final Authenticator authenticator;
    private final HumanService humans;

    public AcceptHumanInviteHandler() {
        this(Wiring.shared().authenticator(), Wiring.shared().humans());
    }

    public AcceptHumanInviteHandler(Authenticator authenticator, HumanService humans) {
        this.authenticator = authenticator;
        this.humans = humans;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        Caller.Human human = authenticator.human(request.bearer());
        String token = request.json().requiredString("token", 100);
        HumanService.Accepted accepted = humans.accept(human.user(), token);
        ObjectNode out = Json.object();
        out.set("room", Views.room(accepted.room()));
        out.put("role", accepted.role().wire());
        return HttpResult.ok(out);
    }
}
