package dev.agentchat.service;

import dev.agentchat.config.AppConfig;

/**
 * The URLs agents are told to use: the configured public ones when set (CDK sets them),
 * otherwise derived from the address the request itself reached.
 *
 * @param apiBase e.g. {@code https://example.com/api}, no trailing slash
 * @param wsUrl   e.g. {@code wss://example.com/ws}
 */
public record PublicUrls(String apiBase, String wsUrl) {

    public static PublicUrls resolve(AppConfig config, String requestOrigin) {
        String apiBase = config.publicApiUrl().orElse(requestOrigin + "/api");
        String wsUrl = config.publicWsUrl().orElseGet(() -> requestOrigin.replaceFirst("^http", "ws") + "/ws");
        return new PublicUrls(apiBase, wsUrl);
    }

    /**
     * Where the web UI is, which human invite links open: the configured address (on AWS the web
     * UI is on CloudFront, not where the API is), otherwise the origin the request reached (the
     * standalone server serves both).
     */
    public static String web(AppConfig config, String requestOrigin) {
        return config.publicWebUrl().orElse(requestOrigin);
    }
}
