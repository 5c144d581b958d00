package dev.agentchat.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A route's path template ({@code /api/rooms/{room}/messages}) matched against a request path the
 * way API Gateway's HTTP API does it: literal segments equal, each {@code {param}} one non-empty
 * segment. The standalone router and the unmatched-route handler share it, so both agree on
 * which paths exist.
 */
public final class PathTemplate {
    private final String[] segments;

    public PathTemplate(String template) {
        this.segments = split(template);
    }

    /** The path parameters if {@code path} matches, else null. */
    public Map<String, String> match(String path) {
        String[] parts = split(path);
        if (segments.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String t = segments[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), parts[i]);
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }
}
