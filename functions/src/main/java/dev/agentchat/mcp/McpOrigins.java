package dev.agentchat.mcp;

import dev.agentchat.config.AppConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DNS-rebinding protection for the MCP endpoint (the transport spec's "servers MUST validate the
 * Origin header"). A rebinding page runs in a browser under the attacker's name while its
 * requests reach us, so both the {@code Origin} it sends and the {@code Host} it names are the
 * attacker's. Allowed are the configured public API URL's origin and host (on AWS the stack sets
 * it) and loopback names (the standalone server: a local MCP client on this machine, which sends
 * no Origin at all). Requests without an Origin are not from a browser and pass the Origin check.
 * Why not the web UI's origin: the UI never calls MCP, and allowing it would let any script on it
 * drive agents' tools with a pasted key.
 */
public final class McpOrigins {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Optional<String> publicOrigin;
    private final Optional<String> publicHost;

    public McpOrigins(AppConfig config) {
        this.publicOrigin = config.publicApiUrl().map(McpOrigins::originOf);
        this.publicHost = config.publicApiUrl().map(url -> hostOf(URI.create(url).getRawAuthority()));
    }

    /** Whether a request with these headers may be served; null headers are absent ones. */
    public boolean allows(String origin, String host) {
        return originAllowed(origin) && hostAllowed(host);
    }

    private boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (publicOrigin.isPresent() && publicOrigin.get().equals(o)) {
            return true;
        }
        try {
            URI uri = URI.create(o);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getRawAuthority() != null
                    && LOOPBACK_HOSTS.contains(hostOf(uri.getRawAuthority()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean hostAllowed(String host) {
        if (host == null) {
            // HTTP/1.1 requires Host; API Gateway always passes one. None at all is no browser.
            return true;
        }
        String h = hostOf(host.trim().toLowerCase(Locale.ROOT));
        return LOOPBACK_HOSTS.contains(h) || publicHost.isPresent() && publicHost.get().equals(h);
    }

    /** {@code https://example.com:8443/api} → {@code https://example.com:8443} (lower case). */
    static String originOf(String url) {
        URI uri = URI.create(url.toLowerCase(Locale.ROOT));
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The host of an authority without its port: {@code [::1]:8080} → {@code [::1]}, {@code a.b:80} → {@code a.b}. */
    static String hostOf(String authority) {
        String a = authority.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1);
        }
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? a : a.substring(0, end + 1);
        }
        int colon = a.indexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }
}
