package dev.agentchat.standalone;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;

/** Serves the web UI ({@code web-static/}, packaged into the jar under {@code web/}) at {@code /}. */
final class StaticSite implements HttpHandler {
    private final ResourceHandler resources;

    StaticSite(String classpathPrefix) {
        this.resources = new ResourceHandler(
                new ClassPathResourceManager(StaticSite.class.getClassLoader(), classpathPrefix))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        resources.handleRequest(exchange);
    }
}
