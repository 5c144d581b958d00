package dev.agentchat.standalone;

import dev.agentchat.config.AppConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where this server's web UI and APIs are, decided from configuration and the bound address,
 * never from what a request claims: the UI's origins (which browsers may open a WebSocket),
 * what {@code config.json} tells the UI, and what its CSP lets it connect to.
 *
 * <p>The UI's origins are {@code WEB_ORIGINS} when set; else {@code PUBLIC_API_URL}'s origin (a
 * proxy in front of this server) if set, plus this server's own address under each loopback
 * name, and the bound address when that is a named interface. Bound to every interface
 * ({@code 0.0.0.0}) without either, a browser elsewhere cannot be told apart from an attacker's
 * page: set {@code PUBLIC_API_URL} to the address people use.
 */
final class SiteOrigins {
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

    private final List<String> webOrigins;
    private final Optional<String> publicApiUrl;
    private final Optional<String> publicWsUrl;
    private final String ownOrigin;

    private SiteOrigins(List<String> webOrigins, Optional<String> publicApiUrl, Optional<String> publicWsUrl,
                        String ownOrigin) {
        this.webOrigins = List.copyOf(webOrigins);
        this.publicApiUrl = publicApiUrl;
        this.publicWsUrl = publicWsUrl;
        this.ownOrigin = ownOrigin;
    }

    /** The origins for a server bound to {@code host}:{@code port} under {@code config}. */
    static SiteOrigins of(AppConfig config, String host, int port) {
        String ownOrigin = "http://" + (isAnyOrLoopback(host) ? "127.0.0.1" : hostLiteral(host)) + ":" + port;
        Set<String> origins = new LinkedHashSet<>();
        if (!config.webOrigins().isEmpty()) {
            origins.addAll(config.webOrigins());
        } else {
            config.publicApiUrl().map(SiteOrigins::originOf).ifPresent(origins::add);
            origins.add(ownOrigin);
            for (String name : LOOPBACK_NAMES) {
                origins.add("http://" + name + ":" + port);
            }
        }
        return new SiteOrigins(new ArrayList<>(origins), config.publicApiUrl(), config.publicWsUrl(), ownOrigin);
    }

    /** The UI's origins: what {@code WEB_ORIGINS} says to the handlers. */
    List<String> webOrigins() {
        return webOrigins;
    }

    /**
     * The API base the UI should use when its page was fetched with this {@code Host}: the
     * configured public URL; else the page's own origin when that is one of the UI's origins (so
     * a page at localhost calls localhost, not 127.0.0.1, which would be another origin); else
     * this server's own address. Any other Host is not echoed.
     */
    String apiBaseFor(String requestHost) {
        return publicApiUrl.orElseGet(() -> pageOrigin(requestHost) + "/api");
    }

    /** The WebSocket URL to go with {@link #apiBaseFor}. */
    String wsUrlFor(String requestHost) {
        return publicWsUrl.orElseGet(() -> wsOf(publicApiUrl.map(SiteOrigins::originOf)
                .orElseGet(() -> pageOrigin(requestHost))) + "/ws");
    }

    /**
     * The CSP sources the UI may connect to besides 'self': the configured API and WebSocket
     * origins, and the WebSocket twin of each of the UI's origins (older browsers do not count
     * ws: to the own host as 'self'). IPv6 literals are left out: CSP has no syntax for them.
     */
    List<String> connectSources() {
        Set<String> sources = new LinkedHashSet<>();
        publicApiUrl.map(SiteOrigins::originOf).ifPresent(sources::add);
        publicWsUrl.map(SiteOrigins::originOf).ifPresent(sources::add);
        if (publicWsUrl.isEmpty()) {
            publicApiUrl.map(url -> wsOf(originOf(url))).ifPresent(sources::add);
        }
        for (String origin : webOrigins) {
            sources.add(origin);
            sources.add(wsOf(origin));
        }
        sources.removeIf(source -> source.contains("["));
        return new ArrayList<>(sources);
    }

    private String pageOrigin(String requestHost) {
        String candidate = requestHost == null ? null : "http://" + requestHost.trim().toLowerCase(Locale.ROOT);
        return candidate != null && webOrigins.contains(candidate) ? candidate : ownOrigin;
    }

    /** {@code https://a.b:8443/api} → {@code https://a.b:8443} (lower case). */
    static String originOf(String url) {
        URI uri = URI.create(url.trim().toLowerCase(Locale.ROOT));
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String wsOf(String origin) {
        return origin.replaceFirst("^http", "ws");
    }

    private static boolean isAnyOrLoopback(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1") || host.equals("localhost")
                || host.equals("::1");
    }

    private static String hostLiteral(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
