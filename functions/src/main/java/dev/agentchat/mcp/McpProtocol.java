package dev.agentchat.mcp;

import java.util.List;

/**
 * The protocol versions this server speaks over Streamable HTTP, and what each allows. Stateless:
 * nothing is remembered between requests, so every rule is decided from the request itself (the
 * {@code MCP-Protocol-Version} header clients send after {@code initialize}).
 */
public final class McpProtocol {
    /** Oldest first; the last is offered when a client asks for one we do not speak. */
    public static final List<String> VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");
    public static final String LATEST = VERSIONS.get(VERSIONS.size() - 1);
    /** Sent by clients after initialize (2025-06-18 on); absent means 2025-03-26 (the spec's rule for its absence). */
    public static final String VERSION_HEADER = "mcp-protocol-version";

    private McpProtocol() {
    }

    /** The version to answer an {@code initialize} with: the client's if we speak it, else our latest. */
    public static String negotiate(String requested) {
        return requested != null && VERSIONS.contains(requested) ? requested : LATEST;
    }

    public static boolean supported(String version) {
        return VERSIONS.contains(version);
    }

    /** JSON-RPC batches were part of 2025-03-26 only; 2025-06-18 removed them. */
    public static boolean allowsBatches(String headerVersion) {
        return headerVersion == null || headerVersion.equals("2025-03-26");
    }
}
