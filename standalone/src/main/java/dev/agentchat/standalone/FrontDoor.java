package dev.agentchat.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.json.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The one port's dispatcher: {@code /api/*} to the API adapter, {@code /config.json} to the
 * UI's runtime configuration (what CDK writes next to the files on S3), the rest to the site.
 */
final class FrontDoor implements HttpHandler {
    private final HttpHandler api;
    private final HttpHandler site;

    FrontDoor(HttpHandler api, HttpHandler site) {
        this.api = api;
        this.site = site;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (path.equals("/api") || path.startsWith("/api/")) {
            api.handleRequest(exchange);
        } else if (path.equals("/config.json")) {
            sendConfig(exchange);
        } else {
            site.handleRequest(exchange);
        }
    }

    private static void sendConfig(HttpServerExchange exchange) {
        String origin = exchange.getRequestScheme() + "://" + exchange.getHostAndPort();
        ObjectNode config = Json.object();
        config.put("apiBase", origin + "/api");
        config.put("wsUrl", origin.replaceFirst("^http", "ws") + "/ws");
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(Json.write(config), StandardCharsets.UTF_8);
    }
}
