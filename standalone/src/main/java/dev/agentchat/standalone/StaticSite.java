package dev.agentchat.standalone;

import dev.agentchat.ContentSecurityPolicy;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** Serves the web UI ({@code web-static/}, packaged into the jar under {@code web/}) at {@code /}. */
final class StaticSite implements HttpHandler {
    /** The UI's one policy, connecting to this server's configured API and WebSocket origins only. */
    private final String csp;
    private final ResourceHandler resources;

    StaticSite(String classpathPrefix, SiteOrigins origins) {
        this.csp = ContentSecurityPolicy.allowingApisAt(origins.connectSources().toArray(String[]::new));
        this.resources = new ResourceHandler(
                new ClassPathResourceManager(StaticSite.class.getClassLoader(), classpathPrefix))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        // The same headers CloudFront's response policy adds on AWS.
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(HttpString.tryFromString("Content-Security-Policy"), csp);
        headers.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        headers.put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
        headers.put(HttpString.tryFromString("X-Frame-Options"), "DENY");
        // Always revalidated (a 304 when unchanged): after an upgrade a browser must not run
        // cached modules of the old version next to new ones.
        headers.put(Headers.CACHE_CONTROL, "no-cache");
        resources.handleRequest(exchange);
    }
}
