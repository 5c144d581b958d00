package dev.agentchat.service;

import dev.agentchat.config.Limits;
import dev.agentchat.http.ApiException;
import dev.agentchat.model.Room;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the paste-able instruction block (SPEC §9) from a template resource under
 * {@code templates/}, filled with the deployment's real URLs, the room and the key.
 */
public final class Instructions {
    public static final String DEFAULT_TEMPLATE = "generic";
    public static final List<String> TEMPLATES = List.of(DEFAULT_TEMPLATE);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final Limits limits;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public Instructions(Limits limits) {
        this.limits = limits;
    }

    /** Checks a requested template name, defaulting to {@link #DEFAULT_TEMPLATE}. */
    public static String templateName(String requested) {
        if (requested == null) {
            return DEFAULT_TEMPLATE;
        }
        if (!TEMPLATES.contains(requested)) {
            throw ApiException.badRequest("Unknown template '" + requested + "'. Available: " + TEMPLATES + ".");
        }
        return requested;
    }

    public String render(String template, Room room, String key, String role, PublicUrls urls) {
        Map<String, String> values = Map.ofEntries(
                Map.entry("room_name", room.name()),
                Map.entry("room_id", room.id()),
                Map.entry("key", key),
                Map.entry("role", role),
                Map.entry("api_base", urls.apiBase()),
                Map.entry("ws_url", urls.wsUrl()),
                Map.entry("send_per_minute", Integer.toString(limits.sendPerMinute())),
                Map.entry("content_bytes", Integer.toString(limits.maxContentBytes())),
                Map.entry("max_wait", Integer.toString(limits.longPollMaxSeconds())),
                Map.entry("agent_timeout", Integer.toString(limits.agentTimeoutSeconds())));
        Matcher matcher = PLACEHOLDER.matcher(load(template));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + template + " uses unknown {{" + matcher.group(1) + "}}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String load(String template) {
        return cache.computeIfAbsent(template, name -> {
            String path = "/templates/" + name + ".txt";
            try (InputStream in = Instructions.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing template resource " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
