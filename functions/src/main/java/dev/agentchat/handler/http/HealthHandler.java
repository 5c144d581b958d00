package dev.agentchat.handler.http;

import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.support.Json;

/** {@code GET /api/health}: answers without touching storage, for load balancers and humans. */
public final class HealthHandler extends HttpHandler {
    @Override
    protected HttpResult handle(HttpRequest request) {
        return HttpResult.ok(Json.object().put("status", "ok").put("service", "agentchat"));
    }
}
