package dev.agentchat.webhook;

import java.net.InetAddress;
import java.net.URI;

/**
 * A webhook URL that passed the address checks, and the address it resolved to: deliveries
 * connect to exactly that address (so a DNS answer that changes after the check cannot redirect
 * them), sending the URL's host name as Host and TLS server name.
 */
public record WebhookTarget(URI uri, String host, int port, boolean tls, InetAddress address) {
    /** Path and query as sent on the request line. */
    public String pathAndQuery() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The Host header: the name, with the port when it is not the scheme's default. */
    public String hostHeader() {
        String name = host.contains(":") ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? name : name + ":" + port;
    }
}
