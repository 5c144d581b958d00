package dev.agentchat.standalone;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.http.HttpErrors;
import dev.agentchat.http.HttpResult;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays API Gateway's HTTP API for {@code /api/*}: turns each request into the payload-2.0
 * {@link APIGatewayV2HTTPEvent} Lambda would receive, invokes the route's handler, and writes
 * its {@link APIGatewayV2HTTPResponse} back.
 */
final class HttpApiAdapter implements HttpHandler {
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final DateTimeFormatter API_GW_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final HttpRouter router;
    private final AtomicLong requests = new AtomicLong();

    HttpApiAdapter(HttpRouter router) {
        this.router = router;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            // Handlers block (DynamoDB calls, long-polls): run them on a worker thread.
            exchange.dispatch(this);
            return;
        }
        String path = exchange.getRequestPath();
        String method = exchange.getRequestMethod().toString();
        HttpRouter.Result result = router.route(method, path);
        if (result instanceof HttpRouter.NoRoute) {
            sendError(exchange, Refusal.notFound("No such route: " + method + " " + path));
            return;
        }
        if (result instanceof HttpRouter.WrongMethod wrong) {
            exchange.getResponseHeaders().put(HttpString.tryFromString("Allow"), String.join(", ", wrong.allowed()));
            sendError(exchange, new Refusal(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path));
            return;
        }
        HttpRouter.Match match = ((HttpRouter.Found) result).match();
        byte[] body = readBody(exchange);
        if (body == null) {
            sendError(exchange, Refusals.bodyTooLarge(MAX_BODY_BYTES));
            return;
        }
        APIGatewayV2HTTPEvent event = toEvent(exchange, match, body);
        APIGatewayV2HTTPResponse response = match.handler().handleRequest(event, new LocalContext(event.getRequestContext().getRequestId()));
        write(exchange, response);
    }

    private APIGatewayV2HTTPEvent toEvent(HttpServerExchange exchange, HttpRouter.Match match, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            // HTTP API lowercases names and joins repeated headers with commas.
            headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), String.join(",", values));
        }
        headers.putIfAbsent("x-forwarded-proto", exchange.getRequestScheme());
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, Deque<String>> entry : exchange.getQueryParameters().entrySet()) {
            query.put(entry.getKey(), String.join(",", entry.getValue()));
        }
        // Undertow has already percent-decoded the path, as API Gateway does: use it as it is.
        Map<String, String> pathParams = new HashMap<>(match.pathParameters());
        String requestId = "local-" + requests.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        InetSocketAddress source = exchange.getSourceAddress();
        String text = new String(body, StandardCharsets.UTF_8);
        // Like API Gateway, pass text as is and anything that is not valid UTF-8 as base64.
        boolean binary = !Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(match.route().routeKey())
                .withRawPath(exchange.getRequestPath())
                .withRawQueryString(exchange.getQueryString())
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams)
                .withBody(body.length == 0 ? null : binary ? Base64.getEncoder().encodeToString(body) : text)
                .withIsBase64Encoded(binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(match.route().routeKey())
                        .withStage("$default")
                        .withRequestId(requestId)
                        .withDomainName(exchange.getHostAndPort())
                        .withTime(API_GW_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod().toString())
                                .withPath(exchange.getRequestPath())
                                .withProtocol(exchange.getProtocol().toString())
                                .withSourceIp(source == null ? "127.0.0.1" : source.getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static byte[] readBody(HttpServerExchange exchange) throws IOException {
        exchange.startBlocking();
        try (InputStream in = exchange.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static void write(HttpServerExchange exchange, APIGatewayV2HTTPResponse response) {
        exchange.setStatusCode(response.getStatusCode());
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) ->
                    exchange.getResponseHeaders().put(HttpString.tryFromString(name), value));
        }
        String body = response.getBody();
        if (body == null) {
            exchange.endExchange();
            return;
        }
        byte[] bytes = response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    private static void sendError(HttpServerExchange exchange, Refusal refusal) {
        HttpResult error = HttpErrors.result(refusal);
        exchange.setStatusCode(error.status());
        exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json; charset=utf-8");
        exchange.getResponseSender().send(error.body(), StandardCharsets.UTF_8);
    }
}
