package dev.agentchat.webhook;

import dev.agentchat.error.Refusal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether the server may POST to a webhook URL (SSRF safety, SPEC §13): {@code https}
 * only, and every address the host resolves to must be public — no loopback, private, link-local
 * (cloud metadata lives there), unique-local, multicast, carrier-grade NAT or reserved ranges,
 * IPv4 embedded in IPv6 included. A deployment that trusts its agents (or a test) may allow
 * private targets, and then plain {@code http} too: without TLS there is nothing to gain from
 * forbidding it on a network that is trusted anyway.
 */
public final class WebhookTargets {
    static final int MAX_URL_CHARS = 2048;

    /** Resolves host names; tests may substitute one. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookTargets(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    public WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /**
     * Checks the URL and resolves it, now (at set time and again before every delivery).
     *
     * @throws Refusal BAD_REQUEST naming what is wrong
     */
    public WebhookTarget check(String url) {
        if (url == null || url.isBlank()) {
            throw Refusal.badRequest("'url' is required: the https URL to POST wake-ups to.");
        }
        if (url.length() > MAX_URL_CHARS) {
            throw Refusal.badRequest("'url' is " + url.length() + " characters; at most " + MAX_URL_CHARS + ".");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw Refusal.badRequest("'url' is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !(allowPrivate && scheme.equals("http"))) {
            throw Refusal.badRequest("Webhook URLs must use https (got '" + (scheme.isEmpty() ? url : scheme + ":")
                    + "').");
        }
        if (uri.getRawUserInfo() != null) {
            throw Refusal.badRequest("Webhook URLs may not carry user:password; put a token in the path or query.");
        }
        if (uri.getFragment() != null) {
            throw Refusal.badRequest("Webhook URLs may not have a #fragment.");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw Refusal.badRequest("'url' has no host name.");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw Refusal.badRequest("Webhook host '" + host + "' does not resolve.");
        }
        if (addresses.length == 0) {
            throw Refusal.badRequest("Webhook host '" + host + "' does not resolve.");
        }
        if (!allowPrivate) {
            // All of them: a client picking another address of the same name must not reach inside.
            for (InetAddress address : addresses) {
                String range = forbiddenRange(address);
                if (range != null) {
                    throw Refusal.badRequest("Webhook host '" + host + "' resolves to " + address.getHostAddress()
                            + ", a " + range + " address; webhooks may only reach public internet addresses.");
                }
            }
        }
        return new WebhookTarget(uri, host, port, tls, addresses[0]);
    }

    /** What kind of non-public address this is, or null if it is public. */
    static String forbiddenRange(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                return forbiddenRange(embedded);
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "unique-local";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation";
            }
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            if (a0 == 0) {
                return "unspecified";
            }
            if (a0 == 100 && a1 >= 64 && a1 < 128) {
                return "carrier-grade NAT";
            }
            if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
                return "reserved";
            }
            if (a0 == 198 && (a1 == 18 || a1 == 19)) {
                return "benchmarking";
            }
            if (a0 >= 240) {
                return "reserved";
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(allZero(b, 12) && (b[15] <= 1));
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean allZero(byte[] b, int from) {
        return allZero(b, from, b.length - 1);
    }

    private static boolean allZero(byte[] b, int from, int toExclusive) {
        for (int i = from; i < toExclusive; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
