package dev.agentchat.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.support.RequestLog;
import java.util.HashMap;
import java.util.Map;

/**
 * The shape of every HTTP route's Lambda handler: parse, call a service, render. This base
 * is the one place where failures become responses, and where each request is logged: one
 * {@link RequestLog} line with its route, status and latency, and a failure's stack in it.
 */
public abstract class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        RequestLog.Entry log = RequestLog.start("http", getClass().getSimpleName(), context)
                .put("route", event.getRouteKey())
                .put("request_id", request.requestId());
        if (event.getRouteKey() == null || event.getRouteKey().startsWith("$")) {
            // No route matched ($default): the path is what says what was asked for.
            log.put("path", request.method() + " " + request.path());
        }
        if (event.getPathParameters() != null) {
            log.put("room_id", event.getPathParameters().get("room"));
        }
        HttpResult result;
        String errorCode = null;
        try {
            result = handle(request);
        } catch (Refusal e) {
            result = HttpErrors.result(e);
            errorCode = e.code().name();
        } catch (RuntimeException e) {
            log.failed(e);
            result = HttpErrors.result(Refusals.internal());
            errorCode = ErrorCode.INTERNAL.name();
        }
        log.finish(result.status(), errorCode);
        return toResponse(result);
    }

    /** Handles one request; throw a {@link Refusal} to refuse it. */
    protected abstract HttpResult handle(HttpRequest request);

    private static APIGatewayV2HTTPResponse toResponse(HttpResult result) {
        Map<String, String> headers = new HashMap<>(result.headers());
        // JSON unless the handler said otherwise (an export answers Markdown).
        headers.putIfAbsent("Content-Type", "application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        // JSON is never to be sniffed into HTML by a browser that opens an API URL.
        headers.put("X-Content-Type-Options", "nosniff");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(result.status())
                .withHeaders(headers)
                .withBody(result.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
