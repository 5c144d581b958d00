package dev.agentchat.standalone;

import dev.agentchat.Routes.HttpRoute;
import dev.agentchat.handler.http.UnmatchedRouteHandler;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.PathTemplate;
import dev.agentchat.wiring.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matches a request to a route of the route table the way API Gateway does (literal segments
 * and {@code {param}} segments), holding one handler instance per route as a warm Lambda would.
 * What no route matches goes to the {@code $default} route's handler, as on AWS.
 */
final class HttpRouter {
    /** API Gateway's route key for requests no other route matches. */
    static final String DEFAULT_ROUTE_KEY = "$default";

    /** The route a request goes to: its key, its handler and the path parameters taken from the path. */
    record Match(String routeKey, HttpHandler handler, Map<String, String> pathParameters) {
    }

    private record Entry(HttpRoute route, PathTemplate path, HttpHandler handler) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final HttpHandler unmatched;

    HttpRouter(List<HttpRoute> routes, Wiring wiring) {
        for (HttpRoute route : routes) {
            entries.add(new Entry(route, new PathTemplate(route.path()), route.factory().apply(wiring)));
        }
        this.unmatched = new UnmatchedRouteHandler(routes);
    }

    Match route(String method, String path) {
        for (Entry entry : entries) {
            if (!entry.route().method().equalsIgnoreCase(method)) {
                continue;
            }
            Map<String, String> params = entry.path().match(path);
            if (params != null) {
                return new Match(entry.route().routeKey(), entry.handler(), params);
            }
        }
        return new Match(DEFAULT_ROUTE_KEY, unmatched, Map.of());
    }
}
