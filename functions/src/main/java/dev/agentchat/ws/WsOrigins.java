package dev.agentchat.ws;

import dev.agentchat.config.AppConfig;
import java.util.List;
import java.util.Locale;

/**
 * Which browsers may open a WebSocket: a page of the web UI ({@link AppConfig#webOrigins()}).
 * A page elsewhere must not drive a socket with a token it got hold of, nor probe which rooms
 * exist. An upgrade without an {@code Origin} is let through: only browsers send one and only
 * browsers can be made to connect by a page; an agent's own client (Python, curl, Node) sends
 * none, and anything that is not a browser could forge any Origin anyway, so refusing the
 * absent header would shut out every agent and stop no one.
 */
public final class WsOrigins {
    private final List<String> allowed;

    public WsOrigins(AppConfig config) {
        this.allowed = config.webOrigins();
    }

    /** Whether an upgrade with this {@code Origin} header (null: none) may connect. */
    public boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return allowed.contains(o.endsWith("/") ? o.substring(0, o.length() - 1) : o);
    }
}
