package dev.agentchat.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of every HTTP route's Lambda handler: parse, call a service, render. This base
 * is the one place where failures become responses, and where they are logged.
 */
public abstract class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRequest request = new HttpRequest(event);
        HttpResult result;
        try {
            result = handle(request);
        } catch (Refusal e) {
            result = HttpErrors.result(e);
        } catch (RuntimeException e) {
            LOG.error("{} failed on request {}", getClass().getSimpleName(), request.requestId(), e);
            result = HttpErrors.result(Refusals.internal());
        }
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
