package dev.agentchat.handler.http;

import dev.agentchat.config.AppConfig;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.service.PublicUrls;
import dev.agentchat.service.TextTemplates;
import dev.agentchat.wiring.Wiring;
import java.util.Map;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the agent endpoints, with this
 * deployment's URL as its server, importable as a ChatGPT custom action.
 */
public final class OpenApiHandler extends HttpHandler {
    private final AppConfig config;

    public OpenApiHandler() {
        this(Wiring.shared().config());
    }

    public OpenApiHandler(AppConfig config) {
        this.config = config;
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        PublicUrls urls = PublicUrls.resolve(config, request.origin());
        String document = TextTemplates.fill("/openapi.json", Map.of(
                "api_base", urls.apiBase(),
                "max_wait", Integer.toString(config.limits().longPollMaxSeconds()),
                "content_bytes", Integer.toString(config.limits().maxContentBytes())));
        return new HttpResult(200, document, Map.of());
    }
}
