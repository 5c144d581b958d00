package dev.agentchat.standalone;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.agentchat.error.ErrorCode;
import dev.agentchat.error.Refusal;
import dev.agentchat.error.Refusals;
import dev.agentchat.http.HttpErrors;
import dev.agentchat.http.HttpResult;
import dev.agentchat.support.RequestLog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Plays API Gateway's HTTP API for {@code /api/*}: turns each request into the payload-2.0
 * {@link APIGatewayV2HTTPEvent} Lambda would receive, invokes the route's handler, and writes
 * its {@link APIGatewayV2HTTPResponse} back.
 *
 * <p>On Lambda every request has its own instance; here they share one pool of worker threads,
 * so no client may hold many of them: bodies are read without a thread (with a deadline), and
 * long-polls are capped per caller and overall ({@link LongPolls}).
 */
final class HttpApiAdapter implements HttpHandler {
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How long a client gets to send a whole request body (API Gateway gives far less idle time). */
    private static final long BODY_DEADLINE_MILLIS = 10_000;
    private static final String MCP_PATH = "/api/mcp";
    private static final DateTimeFormatter API_GW_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final HttpRouter router;
    private final RequestLog.Sink log;
    private final AtomicLong requests = new AtomicLong();
    private final LongPolls waits = new LongPolls();

    HttpApiAdapter(HttpRouter router, RequestLog.Sink log) {
        this.router = router;
        this.log = log;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        String method = exchange.getRequestMethod().toString();
        HttpRouter.Match match = router.route(method, path);
        // The body is read here, on the I/O thread, as it arrives: a client that dribbles it
        // holds a buffer, not a worker thread, and is cut off at the deadline.
        exchange.setMaxEntitySize(MAX_BODY_BYTES);
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(
                () -> IoUtils.safeClose(exchange.getConnection()), BODY_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            deadline.remove();
            // Handlers block (DynamoDB calls, long-polls): run them on a worker thread.
            ex.dispatch(() -> invoke(ex, match, body));
        }, (ex, error) -> {
            deadline.remove();
            if (error instanceof RequestTooBigException) {
                // The rest of the body is never read: this connection cannot carry another request.
                ex.setPersistent(false);
                ex.getResponseHeaders().put(Headers.CONNECTION, "close");
                sendError(ex, match, Refusals.bodyTooLarge(MAX_BODY_BYTES));
            } else {
                IoUtils.safeClose(ex.getConnection());
            }
        });
    }

    private void invoke(HttpServerExchange exchange, HttpRouter.Match match, byte[] body) {
        String waiter = waiterOf(exchange, body);
        if (waiter != null && !waits.tryAcquire(waiter)) {
            sendError(exchange, match, Refusal.rateLimited("Too many reads are waiting at once (at most "
                    + LongPolls.PER_CALLER + " per caller); wait for one to answer.", 1));
            return;
        }
        try {
            APIGatewayV2HTTPEvent event = toEvent(exchange, match, body);
            APIGatewayV2HTTPResponse response = match.handler().handleRequest(event,
                    new LocalContext(event.getRequestContext().getRequestId(), log));
            write(exchange, response);
        } finally {
            if (waiter != null) {
                waits.release(waiter);
            }
        }
    }

    /**
     * Who a long-poll ({@code GET} with {@code wait} above 0, or an MCP call that may wait) waits
     * for: its Authorization; null if it is no long-poll.
     */
    private static String waiterOf(HttpServerExchange exchange, byte[] body) {
        if (exchange.getRequestMethod().toString().equals("POST") && exchange.getRequestPath().equals(MCP_PATH)) {
            // A read_messages call with wait_seconds holds its thread like a GET with wait= (a
            // textual check: a mention of the field in a message only costs that call a slot).
            return new String(body, StandardCharsets.UTF_8).contains("\"wait_seconds\"") ? authorization(exchange) : null;
        }
        if (!exchange.getRequestMethod().toString().equals("GET")) {
            return null;
        }
        Deque<String> wait = exchange.getQueryParameters().get("wait");
        if (wait == null || wait.isEmpty() || wait.peekLast().matches("0*")) {
            return null;
        }
        return authorization(exchange);
    }

    private static String authorization(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization == null ? "" : authorization;
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
                .withRouteKey(match.routeKey())
                .withRawPath(exchange.getRequestPath())
                .withRawQueryString(exchange.getQueryString())
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams)
                .withBody(body.length == 0 ? null : binary ? Base64.getEncoder().encodeToString(body) : text)
                .withIsBase64Encoded(binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(match.routeKey())
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

    /** A refusal of this adapter's own (no handler ran): logged like a handler's, with the route it was for. */
    private void sendError(HttpServerExchange exchange, HttpRouter.Match match, Refusal refusal) {
        HttpResult error = HttpErrors.result(refusal);
        RequestLog.start("http", "HttpApiAdapter", log).put("route", match.routeKey())
                .finish(error.status(), refusal.code().name());
        exchange.setStatusCode(error.status());
        error.headers().forEach((name, value) -> exchange.getResponseHeaders().put(HttpString.tryFromString(name), value));
        exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        exchange.getResponseSender().send(error.body(), StandardCharsets.UTF_8);
    }
}
