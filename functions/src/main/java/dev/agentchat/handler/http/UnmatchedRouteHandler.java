package dev.agentchat.handler.http;

import dev.agentchat.Routes;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpErrors;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import dev.agentchat.http.PathTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP API's {@code $default} route: a request no route matches. A path that exists with
 * other methods is a 405 with {@code Allow} (MCP clients probe {@code GET /api/mcp} and must get
 * 405, SPEC §12), any other path a 404, both in the API's own error shape rather than API Gateway's
 * bare {@code {"message":"Not Found"}}. The standalone server sends its unmatched requests here too.
 */
public final class UnmatchedRouteHandler extends HttpHandler {
    private record Template(String method, PathTemplate path) {
    }

    private final List<Template> routes;

    public UnmatchedRouteHandler() {
        this(Routes.HTTP);
    }

    public UnmatchedRouteHandler(List<Routes.HttpRoute> routes) {
        this.routes = routes.stream().map(r -> new Template(r.method(), new PathTemplate(r.path()))).toList();
    }

    @Override
    protected HttpResult handle(HttpRequest request) {
        String method = request.method();
        String path = request.path();
        List<String> allowed = new ArrayList<>();
        for (Template route : routes) {
            if (route.path().match(path) != null && !allowed.contains(route.method())) {
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            return HttpErrors.result(Refusal.notFound("No such route: " + method + " " + path));
        }
        return HttpErrors.result(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path))
                .withHeader("Allow", String.join(", ", allowed));
    }
}
