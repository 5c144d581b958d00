package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.error.Refusal;
import dev.agentchat.model.Room;
import java.util.List;
import java.util.Map;

/**
 * Renders the paste-able instruction block (SPEC §9) from one template per kind of agent, each
 * a resource under {@code templates/}, filled with the deployment's real URLs, the room and the key.
 */
public final class Instructions {
    public static final String DEFAULT_TEMPLATE = "generic";
    /**
     * generic: any agent; curl: tool-using coding agents; python: a script; websocket: realtime;
     * openapi: actions; mcp: MCP clients (Claude Code, Claude Desktop, Cursor…).
     */
    public static final List<String> TEMPLATES = List.of(DEFAULT_TEMPLATE, "curl", "python", "websocket", "openapi",
            "mcp");

    private final Limits limits;

    public Instructions(Limits limits) {
        this.limits = limits;
    }

    /** Checks a requested template name, defaulting to {@link #DEFAULT_TEMPLATE}. */
    public static String templateName(String requested) {
        if (requested == null) {
            return DEFAULT_TEMPLATE;
        }
        if (!TEMPLATES.contains(requested)) {
            throw Refusal.badRequest("Unknown template '" + requested + "'. Available: " + TEMPLATES + ".");
        }
        return requested;
    }

    /**
     * @param keyId the key's public id: the curl block names its cursor file after it, so two
     *              agents of one room on one machine never share a cursor
     */
    public String render(String template, Room room, String keyId, String key, String role, PublicUrls urls) {
        return TextTemplates.fill("/templates/" + template + ".txt", Map.ofEntries(
                Map.entry("room_name", room.name()),
                Map.entry("room_id", room.id()),
                Map.entry("key", key),
                Map.entry("key_id", keyId),
                Map.entry("role", role),
                Map.entry("api_base", urls.apiBase()),
                Map.entry("ws_url", urls.wsUrl()),
                Map.entry("send_per_minute", Integer.toString(limits.sendPerMinute())),
                Map.entry("content_bytes", Integer.toString(limits.maxContentBytes())),
                Map.entry("max_wait", Integer.toString(limits.longPollMaxSeconds())),
                Map.entry("agent_timeout", Integer.toString(limits.agentTimeoutSeconds())),
                Map.entry("ping_interval", Integer.toString(limits.sweepIntervalSeconds()))));
    }
}
