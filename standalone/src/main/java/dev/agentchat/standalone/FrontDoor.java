package dev.agentchat.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.support.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The one port's dispatcher: {@code /api/*} to the REST adapter, {@code /ws} to the WebSocket
 * bridge, {@code /@connections/*} to the Management API, {@code /config.json} to the UI's
 * runtime configuration (what CDK writes next to the files on S3), {@code /metrics} and
 * {@code /ready} to the standalone-only endpoints, the rest to the site.
 */
final class FrontDoor implements HttpHandler {
    private volatile Routes routes;

    private record Routes(HttpHandler api, HttpHandler ws, HttpHandler management, HttpHandler site,
                          SiteOrigins origins, HttpHandler metrics, HttpHandler ready) {
    }

    /** Starts answering (until then, requests get 503: the port is bound before the handlers exist). */
    void open(HttpHandler api, HttpHandler ws, HttpHandler management, HttpHandler site, SiteOrigins origins,
              HttpHandler metrics, HttpHandler ready) {
        this.routes = new Routes(api, ws, management, site, origins, metrics, ready);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Routes current = routes;
        if (current == null) {
            exchange.setStatusCode(503);
            exchange.endExchange();
            return;
        }
        String path = exchange.getRequestPath();
        if (path.equals("/api") || path.startsWith("/api/")) {
            current.api().handleRequest(exchange);
        } else if (path.equals("/ws")) {
            current.ws().handleRequest(exchange);
        } else if (path.startsWith(ManagementApiEmulator.PREFIX)) {
            current.management().handleRequest(exchange);
        } else if (path.equals(MetricsEndpoint.PATH)) {
            current.metrics().handleRequest(exchange);
        } else if (path.equals(ReadinessEndpoint.PATH)) {
            current.ready().handleRequest(exchange);
        } else if (path.equals("/config.json")) {
            sendConfig(exchange, current.origins());
        } else {
            current.site().handleRequest(exchange);
        }
    }

    /** Where the UI finds the APIs: from the configuration, never from an arbitrary Host header. */
    private static void sendConfig(HttpServerExchange exchange, SiteOrigins origins) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        ObjectNode config = Json.object();
        config.put("apiBase", origins.apiBaseFor(host));
        config.put("wsUrl", origins.wsUrlFor(host));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(Json.write(config), StandardCharsets.UTF_8);
    }
}
