package dev.agentchat.standalone;

import dev.agentchat.Routes.HttpRoute;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.wiring.Wiring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a request to a route of the route table the way API Gateway does (literal segments
 * and {@code {param}} segments), holding one handler instance per route as a warm Lambda would.
 */
final class HttpRouter {
    /** A matched route: its handler and the path parameters taken from the request path. */
    record Match(HttpRoute route, HttpHandler handler, Map<String, String> pathParameters) {
    }

    /** What the router found for a request. */
    sealed interface Result {
    }

    record Found(Match match) implements Result {
    }

    /** The path exists, but not with this method. */
    record WrongMethod(List<String> allowed) implements Result {
    }

    record NoRoute() implements Result {
    }

    private record Entry(HttpRoute route, String[] segments, HttpHandler handler) {
    }

    private final List<Entry> entries = new ArrayList<>();

    HttpRouter(List<HttpRoute> routes, Wiring wiring) {
        for (HttpRoute route : routes) {
            entries.add(new Entry(route, split(route.path()), route.factory().apply(wiring)));
        }
    }

    Result route(String method, String path) {
        String[] parts = split(path);
        List<String> allowed = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, String> params = match(entry.segments(), parts);
            if (params == null) {
                continue;
            }
            if (entry.route().method().equalsIgnoreCase(method)) {
                return new Found(new Match(entry.route(), entry.handler(), params));
            }
            allowed.add(entry.route().method());
        }
        return allowed.isEmpty() ? new NoRoute() : new WrongMethod(allowed);
    }

    private static Map<String, String> match(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
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
